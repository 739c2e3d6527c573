using System.ComponentModel;
using Spectre.Console.Cli;

namespace RagApp.Cli.Commands;

/// <summary>Options of every command that can answer in JSON.</summary>
public class JsonSettings : IndexSettings
{
    [CommandOption("--json")]
    [Description("Write exactly one JSON document to standard output")]
    public bool Json { get; init; }
}
