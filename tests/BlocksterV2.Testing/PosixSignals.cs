using System.Runtime.InteropServices;

namespace BlocksterV2.Testing;

/// <summary>Sends POSIX signals: .NET can only SIGKILL a child process, the specs also need TERM, STOP and CONT.</summary>
internal static class PosixSignals
{
    public const int Term = 15;
    public const int Cont = 18;
    public const int Stop = 19;

    public static int Send(int pid, int signal) => kill(pid, signal);

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
