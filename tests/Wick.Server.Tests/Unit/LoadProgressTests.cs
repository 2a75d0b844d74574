using Microsoft.Extensions.Time.Testing;
using Wick.Server.Hosting;

namespace Wick.Server.Tests.Unit;

public sealed class LoadProgressTests
{
    [Fact(Timeout = 10_000)]
    public async Task Off_a_terminal_only_the_final_line_is_written()
    {
        var output = new StringWriter();

        var value = await LoadProgress.ShowAsync(Task.FromResult(42), "m.gguf", output, isTerminal: false, TimeProvider.System).WaitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(42, value);
        Assert.StartsWith("Loaded m.gguf in ", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("\r", output.ToString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 10_000)]
    public async Task On_a_terminal_a_spinner_shows_the_elapsed_time_until_loaded()
    {
        var time = new FakeTimeProvider();
        var output = new StringWriter();
        var loading = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        var shown = LoadProgress.ShowAsync(loading.Task, "m.gguf", output, isTerminal: true, time);
        time.Advance(TimeSpan.FromMilliseconds(100));
        time.Advance(TimeSpan.FromMilliseconds(1500));
        loading.SetResult(7);

        Assert.Equal(7, await shown.WaitAsync(TestContext.Current.CancellationToken));
        var text = output.ToString();
        Assert.Contains("\r⠋ Loading m.gguf… 0.0 s", text, StringComparison.Ordinal);
        Assert.EndsWith("Loaded m.gguf in 1.6 s" + Environment.NewLine, text, StringComparison.Ordinal);
    }
}
