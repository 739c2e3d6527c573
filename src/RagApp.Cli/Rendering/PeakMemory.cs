using System.Diagnostics;

namespace RagApp.Cli.Rendering;

/// <summary>The process's peak resident memory (on Linux the kernel's high-water mark, as <c>/usr/bin/time</c> reports it).</summary>
public static class PeakMemory
{
    public static double Megabytes()
    {
        using var process = Process.GetCurrentProcess();
        return Math.Round(process.PeakWorkingSet64 / (1024.0 * 1024.0), 1);
    }
}
