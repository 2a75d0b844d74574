using System.Runtime.InteropServices;
using LLama.Native;
using Microsoft.Extensions.Logging;
using Wick.Core.Execution;

namespace Wick.Core.Tests.Execution;

public sealed partial class NativeRuntimeTests
{
    [Fact]
    public void Initialize_puts_a_short_omp_spin_into_the_c_environment()
    {
        NativeRuntime.Initialize();
        NativeRuntime.Initialize();

        Assert.True(NativeRuntime.IsInitialized);
        Assert.Equal(Environment.GetEnvironmentVariable("GOMP_SPINCOUNT"), CGetEnv("GOMP_SPINCOUNT"));
    }

    [Fact]
    public void The_short_spin_is_set_only_when_no_wait_policy_was_chosen()
    {
        var unset = "WICK_TEST_POLICY_" + Guid.NewGuid().ToString("N");
        var chosen = "WICK_TEST_POLICY_" + Guid.NewGuid().ToString("N");
        var spinA = "WICK_TEST_SPIN_" + Guid.NewGuid().ToString("N");
        var spinB = "WICK_TEST_SPIN_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(chosen, "PASSIVE");

        NativeRuntime.SetSpinUnlessPolicySet(unset, spinA);
        NativeRuntime.SetSpinUnlessPolicySet(chosen, spinB);

        Assert.Equal(NativeRuntime.ShortSpin, CGetEnv(spinA));
        Assert.Null(CGetEnv(spinB));
        Environment.SetEnvironmentVariable(chosen, null);
    }

    [Fact]
    public void Native_environment_variables_are_set_once_and_never_overwritten()
    {
        var name = "WICK_TEST_" + Guid.NewGuid().ToString("N");

        NativeRuntime.SetNativeEnvironment(name, "first");
        NativeRuntime.SetNativeEnvironment(name, "second");

        Assert.Equal("first", CGetEnv(name));
        Assert.Equal("first", Environment.GetEnvironmentVariable(name));
    }

    [Fact]
    public void Native_log_lines_go_to_the_logger_at_their_level_without_the_newline()
    {
        var logger = new RecordingLogger();

        NativeRuntime.Route(logger, LLamaLogLevel.Error, "bad\n");
        NativeRuntime.Route(logger, LLamaLogLevel.Warning, "careful\n");
        NativeRuntime.Route(logger, LLamaLogLevel.Info, "loaded\n");
        NativeRuntime.Route(logger, LLamaLogLevel.Debug, " \n");
        NativeRuntime.Route(null, LLamaLogLevel.Error, "dropped");

        Assert.Equal(
            [(LogLevel.Error, "llama.cpp: bad"), (LogLevel.Warning, "llama.cpp: careful"), (LogLevel.Debug, "llama.cpp: loaded")],
            logger.Entries);
    }

    [Fact]
    public void The_registered_callback_tolerates_any_line()
    {
        NativeRuntime.Initialize(new RecordingLogger());

        NativeRuntime.OnNativeLog(LLamaLogLevel.Continue, "partial line");
        NativeRuntime.OnNativeLog(LLamaLogLevel.Warning, "");

        Assert.True(NativeRuntime.IsInitialized);
    }

    private static string? CGetEnv(string name) => Marshal.PtrToStringUTF8(GetEnv(name));

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetEnv(string name);
}
