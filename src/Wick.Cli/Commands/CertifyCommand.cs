using System.CommandLine;
using Wick.Core.Certification;

namespace Wick.Cli.Commands;

/// <summary><c>wick certify</c>: run prompt → expected-pattern probes through the engine; exit 0 only if all pass.</summary>
internal static class CertifyCommand
{
    public static Command Create()
    {
        var flags = new ServerFlags();
        var probes = new Option<string?>("--probes") { Description = "Probe file (JSON array of {name, prompt, expect, max_tokens}); default: the model's own probes.json" };
        var limit = new Option<double>("--time-limit") { Description = "Seconds the whole certification may take", DefaultValueFactory = _ => 30 };
        var command = new Command("certify", "Prove a model infers correctly: run probes and print a pass/fail table") { flags.Model, flags.Threads, flags.Settings, probes, limit };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = CliOptions.Load(flags, parse);
            if (options is null)
            {
                return ExitCodes.BadConfiguration;
            }

            var output = parse.InvocationConfiguration.Output;
            try
            {
                await using var model = await CliOptions.LoadModelAsync(options, parse, cancellationToken).ConfigureAwait(false);
                if (model is null)
                {
                    return ExitCodes.Failed;
                }

                var probeList = ProbeSet.Load(parse.GetValue(probes) ?? model.DefaultProbesPath
                    ?? throw new ProbeFileException("(none)", "this model has no probes.json beside it; pass --probes"));
                var report = await model.CertifyAsync(probeList, TimeSpan.FromSeconds(parse.GetValue(limit)), cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync($"model: {model.Served.Path}").ConfigureAwait(false);
                await output.WriteLineAsync(report.ToTable()).ConfigureAwait(false);
                return report.Passed ? ExitCodes.Success : ExitCodes.Failed;
            }
            catch (Wick.Core.Errors.WickException ex)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"certification failed: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Failed;
            }
        });
        return command;
    }
}
