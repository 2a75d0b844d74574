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

    /// <summary>
    /// Makes llama.cpp's OpenMP threads spin briefly at a barrier before sleeping (see <see cref="ShortSpin"/>), unless
    /// <c>OMP_WAIT_POLICY</c> or <c>GOMP_SPINCOUNT</c> is already set, in the C runtime's environment (libgomp reads only
    /// that, not .NET's). Then routes llama.cpp's log lines to the most recent non-null <paramref name="logger"/> given
    /// here (warnings and errors at their level, the rest at Debug); until one is given they are dropped.
    /// </summary>
    public static void Initialize(ILogger? logger = null)
    {
        lock (Gate)
        {
            NativeRuntime.logger = logger ?? NativeRuntime.logger;
            if (logCallback is not null)
            {
                return;
            }

            SetSpinUnlessPolicySet("OMP_WAIT_POLICY", "GOMP_SPINCOUNT");
            logCallback = OnNativeLog;
            NativeLogConfig.llama_log_set(logCallback);
        }
    }

    /// <summary>
    /// Spin rounds before an OpenMP thread sleeps. One decode passes hundreds of barriers. Measured on 2 cores (0.5b
    /// Q8_0, one sequence): sleeping at once (PASSIVE) costs a futex wake-up at each, 32 ms a token; libgomp's default
    /// (300,000 rounds) gives 19 ms on a quiet machine but burns the cores when other processes want them (two decoders
    /// side by side: 9 tok/s each, against 23 with PASSIVE); 1,000 rounds keeps the quiet speed (20 ms) and 17 tok/s
    /// each side by side. Set <c>OMP_WAIT_POLICY=PASSIVE</c> on a machine shared with other CPU-heavy work.
    /// </summary>
    internal const string ShortSpin = "1000";

    /// <summary>Sets <paramref name="spinVariable"/> to <see cref="ShortSpin"/> unless <paramref name="policyVariable"/> has a value.</summary>
    internal static void SetSpinUnlessPolicySet(string policyVariable, string spinVariable)
    {
        if (Environment.GetEnvironmentVariable(policyVariable) is null)
        {
            SetNativeEnvironment(spinVariable, ShortSpin);
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
