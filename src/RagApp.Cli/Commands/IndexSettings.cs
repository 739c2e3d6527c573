using System.ComponentModel;
using Spectre.Console.Cli;

namespace RagApp.Cli.Commands;

/// <summary>Options every command takes. Both are read before the command runs (they shape the configuration).</summary>
public class IndexSettings : CommandSettings
{
    [CommandOption("--index <DIR>")]
    [Description("Folder of the embedded index (default: Index:Path, .ragapp)")]
    public string? Index { get; init; }

    [CommandOption("--config <FILE>")]
    [Description("A JSON configuration file that overrides appsettings.json")]
    public string? Config { get; init; }
}
