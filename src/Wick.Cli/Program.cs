using Wick.Cli;

// wick: serve, complete, certify, models. Each verb lives in its own command class; WickCommandLine picks the exit code.
return await WickCommandLine.InvokeAsync(args).ConfigureAwait(false);
