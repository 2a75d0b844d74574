// Reliability tests measure latency and memory on a small shared machine: one test at a time, so their figures are
// about the server under test, not about another test running beside it.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
