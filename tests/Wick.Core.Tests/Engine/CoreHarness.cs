using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Wick.Core.Execution;
using Wick.Core.Sampling;
using Wick.Core.Text;
using Wick.TestSupport;

namespace Wick.Core.Tests.Engine;

/// <summary>Drives an <see cref="EngineCore"/> synchronously on the test thread against a <see cref="MockExecutor"/> and a fake clock.</summary>
internal sealed class CoreHarness
{
    /// <param name="iterateOnWake">Runs an engine iteration inside every wake, the way a waiting engine thread reacts
    /// at once: shows what the engine can see between a submitter's calls.</param>
    public CoreHarness(MockExecutorOptions? mock = null, EngineOptions? options = null, bool iterateOnWake = false)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Mock = new MockExecutor((mock ?? new MockExecutorOptions()) with { TimeProvider = Time });
        Options = (options ?? new EngineOptions()) with { TimeProvider = Time, StepObserver = Reports.Add };
        Core = new EngineCore(Mock, Options, NullLogger.Instance, () =>
        {
            Wakes++;
            if (iterateOnWake)
            {
                RunOnce();
            }
        });
    }

    public FakeTimeProvider Time { get; }

    public MockExecutor Mock { get; }

    public EngineOptions Options { get; }

    public EngineCore Core { get; }

    public List<StepReport> Reports { get; } = [];

    public int Wakes { get; private set; }

    public GenerationRequest Request(IReadOnlyList<int> prompt, int? maxTokens = null) =>
        new(prompt, maxTokens, new GreedySampler(), new PlainOutputProcessor(Mock.Vocabulary));

    public GenerationHandle Submit(
        IReadOnlyList<int> prompt,
        int? maxTokens = null,
        CancellationToken? cancellation = null,
        ISequenceSampler? sampler = null,
        IOutputProcessor? output = null,
        Func<GenerationRequest, GenerationRequest>? configure = null)
    {
        var request = Request(prompt, maxTokens) with
        {
            Sampler = sampler ?? new GreedySampler(),
            OutputProcessor = output ?? new PlainOutputProcessor(Mock.Vocabulary),
        };
        return Core.Submit(configure is null ? request : configure(request), cancellation ?? CancellationToken.None);
    }

    /// <summary>Runs iterations until one has nothing to do; returns how many steps ran.</summary>
    public int RunUntilIdle(int maxSteps = 10_000)
    {
        var steps = 0;
        while (RunOnce())
        {
            if (++steps > maxSteps)
            {
                throw new InvalidOperationException("The engine did not go idle.");
            }
        }

        return steps;
    }

    /// <summary>One iteration the way the engine thread runs it (a throwing iteration is recovered).</summary>
    public bool RunOnce()
    {
        try
        {
            return Core.RunIteration();
        }
        catch (Exception ex)
        {
            Core.Recover(ex);
            return true;
        }
    }

    public ActiveRequest Active(GenerationHandle handle) =>
        (ActiveRequest)Core.Scheduler.Running.Concat(Core.Scheduler.Waiting).Single(s => s.Id == handle.Id);

    /// <summary>Everything the stream holds now (the engine ran synchronously, so a finished stream is complete).</summary>
    public static List<TokenEvent> Events(GenerationHandle handle)
    {
        var events = new List<TokenEvent>();
        while (handle.Events.TryRead(out var item))
        {
            events.Add(item);
        }

        return events;
    }

    /// <summary>Reads a finished stream: emitted token ids, text, and its finish.</summary>
    public static (List<int> Tokens, string Text, GenerationFinish Finish) Result(GenerationHandle handle)
    {
        var events = Events(handle);
        var final = events.Last();
        Assert.NotNull(final.Finish);
        Assert.Single(events, e => e.IsFinal);
        Assert.True(handle.Events.Completion.IsCompleted);
        return (events.Where(e => !e.IsFinal).Select(e => e.TokenId).ToList(), string.Concat(events.Select(e => e.Text)), final.Finish);
    }
}
