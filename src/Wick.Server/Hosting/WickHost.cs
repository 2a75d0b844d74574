using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wick.Core.Certification;
using Wick.Core.Execution;
using Wick.Core.Execution.Llama;
using Wick.Core.Gguf;
using Wick.Core.Models;
using Wick.Server.Chat;
using Wick.Server.Configuration;
using Wick.Server.Serving;

namespace Wick.Server.Hosting;

/// <summary>Loads the configured model and runs the server: the path from options to a serving process.</summary>
public static partial class WickHost
{
    /// <summary>The time the start-up certification may take before the server reports itself not ready.</summary>
    public static readonly TimeSpan StartupCertificationLimit = TimeSpan.FromSeconds(30);

    /// <summary>Resolves the model (the embedded tiny model when none is configured), verifies it, loads it and starts its engine.</summary>
    public static async Task<LoadedModel> LoadAsync(WickOptions options, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        loggerFactory ??= NullLoggerFactory.Instance;
        NativeRuntime.Initialize(loggerFactory.CreateLogger("llama.cpp"));
        // A file path, or a hub reference (owner/repo[:quant][@rev]) resolved through the Hugging Face cache, pulled if absent.
        var path = options.Model is { } reference
            ? await Hub.ModelResolver.ResolveAsync(reference, allowDownload: true, Hub.HubOptions.FromEnvironment(), new Hub.Cli.ProgressPrinter(Console.Error, !Console.IsErrorRedirected), cancellationToken).ConfigureAwait(false)
            : ShippedModels.TinyArith.GgufPath;
        var description = GgufFile.Read(path);
        var executor = await LlamaExecutor.LoadAsync(
            new LlamaExecutorOptions(path)
            {
                ContextSize = options.ContextSize,
                MaxSequences = options.MaxSequences,
                BatchSize = Math.Max(options.StepTokenBudget, options.MaxSequences),
                Threads = options.Threads,
            },
            cancellationToken).ConfigureAwait(false);
        var engine = new InferenceEngine(
            executor,
            new EngineOptions
            {
                MaxRunningSequences = options.MaxSequences,
                StepTokenBudget = Math.Max(options.StepTokenBudget, options.MaxSequences),
                PrefillChunk = Math.Max(1, options.StepTokenBudget / 2),
                StepTimeout = TimeSpan.FromSeconds(options.StepTimeoutSeconds),
                MaxQueuedRequests = options.MaxQueuedRequests,
                MaxQueuedTokens = options.MaxQueuedTokens,
                QueueWaitTimeout = TimeSpan.FromSeconds(options.QueueWaitTimeoutSeconds),
            },
            loggerFactory.CreateLogger<InferenceEngine>());
        var id = options.ModelAlias ?? Path.GetFileNameWithoutExtension(path);
        var served = new ServedModel(id, path, description, engine, executor, ChatTemplate.FromGguf(description.ChatTemplate));
        var probes = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", "probes.json");
        return new LoadedModel(served, executor, File.Exists(probes) ? probes : null);
    }

    /// <summary>Serves until the process is asked to stop; returns the exit code.</summary>
    public static async Task<int> ServeAsync(WickOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        }));
        var logger = loggerFactory.CreateLogger("Wick");
        LogLoading(logger, options.Model ?? "the embedded tiny model");
        await using var model = await LoadProgress.ShowAsync(
            LoadAsync(options, loggerFactory, cancellationToken), options.Model ?? "tiny-arith", Console.Error, !Console.IsErrorRedirected, TimeProvider.System).ConfigureAwait(false);
        if (model.Served.Template.Note is { } note)
        {
            LogTemplateFallback(logger, note);
        }

        var readiness = new Readiness();
        await using var app = WickServer.Build(options, model.Served, readiness, logging => logging.AddSimpleConsole(console => console.SingleLine = true));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        LogListening(logger, model.Served.Id, string.Join(", ", app.Urls));
        await CertifyOnStartAsync(options, model, readiness, logger, cancellationToken).ConfigureAwait(false);
        await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Readiness waits for the probes to pass when asked to (by default: for the embedded model, whose probes ship with it).</summary>
    internal static async Task CertifyOnStartAsync(WickOptions options, LoadedModel model, Readiness readiness, ILogger logger, CancellationToken cancellationToken)
    {
        var certify = options.CertifyOnStart ?? options.Model is null;
        if (!certify)
        {
            readiness.MarkReady();
            return;
        }

        if (model.DefaultProbesPath is null)
        {
            const string reason = "certification was asked for but the model has no probes.json beside it";
            readiness.MarkNotReady(reason);
            LogNotCertified(logger, reason);
            return;
        }

        readiness.MarkNotReady("start-up certification is running");
        var report = await model.CertifyAsync(ProbeSet.Load(model.DefaultProbesPath), StartupCertificationLimit, cancellationToken).ConfigureAwait(false);
        LogCertification(logger, report.ToTable());
        if (report.Passed)
        {
            readiness.MarkReady();
        }
        else
        {
            readiness.MarkNotReady($"start-up certification failed: {report.PassedCount}/{report.Results.Count} probes passed");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loading {Model}")]
    private static partial void LogLoading(ILogger logger, string model);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat template: {Note}")]
    private static partial void LogTemplateFallback(ILogger logger, string note);

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving {Model} on {Urls}")]
    private static partial void LogListening(ILogger logger, string model, string urls);

    [LoggerMessage(Level = LogLevel.Information, Message = "Start-up certification:\n{Table}")]
    private static partial void LogCertification(ILogger logger, string table);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not ready: {Reason}")]
    private static partial void LogNotCertified(ILogger logger, string reason);
}
