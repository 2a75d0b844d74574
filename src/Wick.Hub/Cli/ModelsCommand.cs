using System.CommandLine;
using System.Globalization;
using Wick.Core.Errors;
using Wick.Hub.Errors;
using Wick.Hub.Locking;

namespace Wick.Hub.Cli;

/// <summary>
/// <c>wick models</c>: <c>pull</c>, <c>list</c>, <c>verify</c>, <c>rm</c> on the Hugging Face cache. Output goes to the
/// invocation's <see cref="InvocationConfiguration.Output"/> and errors to its <see cref="InvocationConfiguration.Error"/>
/// (the console unless the caller supplies writers). Exit code 0 on success, 1 on any failure.
/// </summary>
public static class ModelsCommand
{
    /// <summary>The <c>models</c> command for the <c>wick</c> root command, reading the process environment.</summary>
    public static Command Create() => Create(ModelsCommandEnvironment.Process);

    internal static Command Create(ModelsCommandEnvironment environment)
    {
        var command = new Command("models", "Download, list, verify and remove models in the Hugging Face cache (shared with huggingface-cli).");
        command.Subcommands.Add(Pull(environment));
        command.Subcommands.Add(List(environment));
        command.Subcommands.Add(Verify(environment));
        command.Subcommands.Add(Remove(environment));
        return command;
    }

    private static Command Pull(ModelsCommandEnvironment environment)
    {
        var model = new Argument<string?>("model") { Description = "owner/repo[:quant or file][@revision]; with --locked, an entry name or repo to install alone", Arity = ArgumentArity.ZeroOrOne };
        var file = new Option<string?>("--file", "-f") { Description = "Quantization tag (Q4_K_M), glob (*.gguf) or path of the file(s) to pull" };
        var revision = new Option<string?>("--revision", "-r") { Description = "Branch, tag or commit (default: main)" };
        var locked = new Option<bool>("--locked") { Description = "Install exactly what the lock file pins; fail on any difference" };
        var lockFile = new Option<string?>("--lock-file") { Description = $"Lock file to read or write (default: ./{ModelLockFile.DefaultFileName})" };
        var save = new Option<bool>("--save") { Description = "Pin the pulled files in the lock file" };
        var command = new Command("pull", "Download a model's GGUF file(s) from the hub into the cache, resuming and verifying sha256.")
        {
            model, file, revision, locked, lockFile, save,
        };
        command.SetAction((parse, ct) => RunAsync(parse, async output =>
        {
            var options = Options(environment);
            using var store = new ModelStore(options, environment.Time);
            var progress = new ProgressPrinter(output, IsTerminal(environment, output), environment.Time);
            var lockPath = parse.GetValue(lockFile) ?? ModelLockFile.DefaultFileName;
            if (parse.GetValue(locked))
            {
                return await PullLockedAsync(store, lockPath, parse.GetValue(model), progress, output, ct).ConfigureAwait(false);
            }

            var reference = Reference(parse.GetValue(model), parse.GetValue(file), parse.GetValue(revision));
            var pulled = await store.PullAsync(reference, progress, ct).ConfigureAwait(false);
            foreach (var pulledFile in pulled.Files)
            {
                output.WriteLine($"{pulledFile.Path} -> {pulledFile.LocalPath}");
            }

            output.WriteLine($"{pulled.RepoId}@{pulled.Commit}: {pulled.PrimaryPath}");
            if (parse.GetValue(save))
            {
                var entries = ModelStore.ToLockEntries(pulled);
                var current = File.Exists(lockPath) ? ModelLockFile.Load(lockPath) : new ModelLockFile();
                entries.Aggregate(current, (lockFileSoFar, entry) => lockFileSoFar.Upsert(entry)).Save(lockPath);
                output.WriteLine($"pinned {entries.Count} file(s) in {lockPath}");
            }

            return 0;
        }));
        return command;
    }

    private static async Task<int> PullLockedAsync(ModelStore store, string lockPath, string? only, ProgressPrinter progress, TextWriter output, CancellationToken ct)
    {
        var lockFile = ModelLockFile.Load(lockPath);
        var entries = lockFile.Models.Where(m => only is null || m.Name == only || m.HubRepoId == only).ToList();
        if (entries.Count == 0)
        {
            throw new ModelLockException(only is null
                ? $"Model lock file '{lockPath}' pins no models."
                : $"Model lock file '{lockPath}' has no entry named '{only}' or from repository '{only}'.");
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(lockPath))!;
        foreach (var entry in entries)
        {
            var installed = await store.InstallLockedAsync(entry, directory, progress, ct).ConfigureAwait(false);
            output.WriteLine($"{entry.Name}: {installed.LocalPath} ({(installed.Downloaded ? "downloaded" : "already installed")}, sha256 {entry.Sha256})");
        }

        return 0;
    }

    private static Command List(ModelsCommandEnvironment environment)
    {
        var command = new Command("list", "List the model files in the cache.");
        command.SetAction((parse, _) => RunAsync(parse, output =>
        {
            var options = Options(environment);
            using var store = new ModelStore(options, environment.Time);
            var files = store.List();
            if (files.Count == 0)
            {
                output.WriteLine($"No models in the cache at {options.CacheDirectory}.");
                return Task.FromResult(0);
            }

            var rows = files.Select(f => new[]
            {
                f.RepoId,
                f.Path,
                f.Present ? Units.Bytes(f.Size) : "missing",
                f.Refs.Count > 0 ? string.Join(",", f.Refs) : f.Commit[..Math.Min(12, f.Commit.Length)],
                f.LocalPath,
            }).Prepend(["MODEL", "FILE", "SIZE", "REVISION", "PATH"]).ToList();
            var widths = Enumerable.Range(0, 4).Select(i => rows.Max(r => r[i].Length)).ToArray();
            foreach (var row in rows)
            {
                output.WriteLine(string.Join("  ", row.Select((cell, i) => i < widths.Length ? cell.PadRight(widths[i]) : cell)));
            }

            return Task.FromResult(0);
        }));
        return command;
    }

    private static Command Verify(ModelsCommandEnvironment environment)
    {
        var repo = new Argument<string?>("repo") { Description = "owner/repo to verify (default: every cached model)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("verify", "Re-hash every cached file and report corrupt or missing ones.") { repo };
        command.SetAction((parse, ct) => RunAsync(parse, async output =>
        {
            var options = Options(environment);
            using var store = new ModelStore(options, environment.Time);
            var repoId = parse.GetValue(repo) is { } text ? ModelReference.Parse(text).RepoId : null;
            var report = await store.VerifyAsync(repoId, new ProgressPrinter(output, IsTerminal(environment, output), environment.Time), ct).ConfigureAwait(false);
            foreach (var check in report.Checks)
            {
                var files = check.UsedBy.Count > 0 ? string.Join(", ", check.UsedBy) : "(no snapshot links to it)";
                var actual = check.Status == BlobStatus.Corrupt ? $" (content hashes to {check.ActualHash})" : string.Empty;
                output.WriteLine($"{check.Status.ToString().ToLowerInvariant(),-12} {check.RepoId}  {files}  {check.BlobPath}{actual}");
            }

            var bad = report.Checks.Count(c => c.Status is BlobStatus.Corrupt or BlobStatus.Missing);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{report.Checks.Count} blob(s) checked, {bad} corrupt or missing."));
            if (!report.IsHealthy)
            {
                parse.InvocationConfiguration.Error.WriteLine("error: the cache holds corrupt or missing files: remove them with `wick models rm <owner/repo>` and pull again.");
                return 1;
            }

            return 0;
        }));
        return command;
    }

    private static Command Remove(ModelsCommandEnvironment environment)
    {
        var model = new Argument<string>("model") { Description = "owner/repo[:quant or file][@revision]" };
        var file = new Option<string?>("--file", "-f") { Description = "Remove only the file(s) this quant tag, glob or path picks" };
        var revision = new Option<string?>("--revision", "-r") { Description = "Remove only this revision's snapshot" };
        var command = new Command("rm", "Remove a model (or some of its files) from the cache.") { model, file, revision };
        command.SetAction((parse, _) => RunAsync(parse, output =>
        {
            var options = Options(environment);
            using var store = new ModelStore(options, environment.Time);
            var removed = store.Remove(Reference(parse.GetValue(model), parse.GetValue(file), parse.GetValue(revision)));
            output.WriteLine($"removed {removed.RemovedPaths.Count} file(s) of {removed.RepoId}, freed {Units.Bytes(removed.BytesFreed)}");
            return Task.FromResult(0);
        }));
        return command;
    }

    private static ModelReference Reference(string? text, string? file, string? revision)
    {
        if (text is null)
        {
            throw new InvalidModelReferenceException("Name the model to pull as owner/repo (e.g. Qwen/Qwen2-0.5B-Instruct-GGUF --file Q4_K_M), or pass --locked to install the lock file.");
        }

        var reference = ModelReference.Parse(text);
        if ((file is not null && reference.Selector is not null) || (revision is not null && reference.Revision is not null))
        {
            throw new InvalidModelReferenceException($"'{text}' already names a file or revision: give each either in the reference or as --file/--revision, not both.");
        }

        return reference with { Selector = reference.Selector ?? file, Revision = reference.Revision ?? revision };
    }

    private static HubOptions Options(ModelsCommandEnvironment environment)
    {
        var options = HubOptions.FromEnvironment(environment.GetVariable);
        return environment.Configure?.Invoke(options) ?? options;
    }

    private static bool IsTerminal(ModelsCommandEnvironment environment, TextWriter output) =>
        environment.IsTerminal ?? (ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected);

    private static async Task<int> RunAsync(ParseResult parse, Func<TextWriter, Task<int>> body)
    {
        try
        {
            return await body(parse.InvocationConfiguration.Output).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WickException or IOException or UnauthorizedAccessException)
        {
            parse.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
