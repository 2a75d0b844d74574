using System.Runtime.InteropServices;
using LLama.Native;
using Microsoft.Extensions.Logging;
using Wick.Core.Execution;

namespace Wick.Core.Tests.Execution;

public sealed partial class NativeRuntimeTests
{
    [Fact]
    public void Initialize_puts_a_passive_omp_wait_policy_into_the_c_environment()
    {
        NativeRuntime.Initialize();
        NativeRuntime.Initialize();

        Assert.True(NativeRuntime.IsInitialized);
        Assert.NotNull(Environment.GetEnvironmentVariable("OMP_WAIT_POLICY"));
        Assert.Equal(Environment.GetEnvironmentVariable("OMP_WAIT_POLICY"), CGetEnv("OMP_WAIT_POLICY"));
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
