using System.Diagnostics;

namespace RagApp.Cli.Hosting;

/// <summary>
/// Starts this program again as a child process, the way this one was started: through the same <c>dotnet</c> host when
/// it runs <c>ragapp.dll</c>, else the native launcher beside it (from a test host too), else <c>dotnet</c> on the path.
/// </summary>
public static class SelfProcess
{
    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var assembly = typeof(SelfProcess).Assembly.Location;
        var launcher = Path.Combine(Path.GetDirectoryName(assembly) ?? AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "ragapp.exe" : "ragapp");
        var host = Environment.ProcessPath;
        ProcessStartInfo info;
        if (host is not null && Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            info = new ProcessStartInfo(host);
            info.ArgumentList.Add(assembly);
        }
        else if (File.Exists(launcher))
        {
            info = new ProcessStartInfo(launcher);
        }
        else
        {
            info = new ProcessStartInfo("dotnet");
            info.ArgumentList.Add(assembly);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        return info;
    }
}
