using System.CommandLine;
using Wick.Cli.Commands;

// wick: serve, complete, certify. Each verb lives in its own command class; this is the only place that picks the exit code.
var root = new RootCommand("Wick: an OpenAI-compatible LLM inference server on llama.cpp")
{
    ServeCommand.Create(),
    CompleteCommand.Create(),
    CertifyCommand.Create(),
};
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
