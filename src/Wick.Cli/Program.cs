using Wick.Cli;

// wick: serve, complete, certify. Each verb lives in its own command class; WickCommandLine picks the exit code.
return await WickCommandLine.InvokeAsync(args).ConfigureAwait(false);
