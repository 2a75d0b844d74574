using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using LLama.Native;
using Microsoft.Extensions.Logging;

namespace Wick.Core.Execution;

/// <summary>Process-wide setup for the native llama.cpp backend. Call <see cref="Initialize"/> before the first native
/// call (loading weights, tokenizing): it is idempotent and cheap.</summary>
public static partial class NativeRuntime
{
    private static readonly Lock Gate = new();
    private static NativeLogConfig.LLamaLogCallback? logCallback; // held here so native code never calls a collected delegate
    private static ILogger? logger;

    /// <summary>True once <see cref="Initialize"/> has run in this process.</summary>
    public static bool IsInitialized => logCallback is not null;

    /// <summary>Sets <c>OMP_WAIT_POLICY=PASSIVE</c> in the C runtime's environment (unless already set): llama.cpp's
    /// OpenMP threads otherwise spin and made decode 30x slower on a shared 2-core machine, and libgomp reads only the
    /// C environment, not .NET's. Then routes llama.cpp's log lines to the most recent non-null <paramref name="logger"/>
    /// given here (warnings and errors at their level, the rest at Debug); until one is given they are dropped.</summary>
    public static void Initialize(ILogger? logger = null)
    {
        lock (Gate)
        {
            NativeRuntime.logger = logger ?? NativeRuntime.logger;
            if (logCallback is not null)
            {
                return;
            }

            SetNativeEnvironment("OMP_WAIT_POLICY", "PASSIVE");
            logCallback = OnNativeLog;
            NativeLogConfig.llama_log_set(logCallback);
        }
    }

    internal static void OnNativeLog(LLamaLogLevel level, string message) => Route(logger, level, message);

    /// <summary>Forwards one native log line; lines are logged without their trailing newline.</summary>
    internal static void Route(ILogger? logger, LLamaLogLevel level, string message)
    {
        if (logger is null || string.IsNullOrWhiteSpace(message))
        {
            return;
        }

        var logLevel = level switch
        {
            LLamaLogLevel.Error => LogLevel.Error,
            LLamaLogLevel.Warning => LogLevel.Warning,
            _ => LogLevel.Debug,
        };
        logger.Log(logLevel, "llama.cpp: {Message}", message.TrimEnd());
    }

    /// <summary>Sets a variable in both .NET's and the C runtime's environment unless it already has a value.</summary>
    [ExcludeFromCodeCoverage(Justification = "The Windows branch cannot run on the Linux machines the tests run on.")]
    internal static void SetNativeEnvironment(string name, string value)
    {
        if (Environment.GetEnvironmentVariable(name) is not null)
        {
            return;
        }

        Environment.SetEnvironmentVariable(name, value);
        if (!OperatingSystem.IsWindows())
        {
            _ = SetEnv(name, value, overwrite: 0);
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
