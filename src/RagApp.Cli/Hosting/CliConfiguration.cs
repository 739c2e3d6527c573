using Microsoft.Extensions.Configuration;
using RagApp.Infrastructure.Embeddings;

namespace RagApp.Cli.Hosting;

/// <summary>
/// Builds the configuration in the contract's order: the <c>appsettings.json</c> shipped beside the program, then one in
/// the working directory, then <c>--config FILE</c>, user secrets, <c>RAGAPP_</c> environment variables, and last the
/// global command-line options (<c>--index</c>).
/// </summary>
public static class CliConfiguration
{
    /// <summary>Set to "true" when <c>eval</c> runs without <c>--index</c> and works in a temporary folder it removes.</summary>
    public const string TemporaryIndexKey = "Eval:TemporaryIndex";

    public static IConfigurationRoot Build(IReadOnlyList<string> args)
    {
        var builder = new ConfigurationBuilder();
        var shipped = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        builder.AddJsonFile(shipped, optional: true, reloadOnChange: false);
        var local = Path.GetFullPath("appsettings.json");
        if (!string.Equals(local, Path.GetFullPath(shipped), StringComparison.Ordinal))
        {
            builder.AddJsonFile(local, optional: true, reloadOnChange: false);
        }

        if (FindOption(args, "--config") is { } configFile)
        {
            if (!File.Exists(configFile))
            {
                throw new UsageException($"--config: file '{configFile}' not found");
            }

            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false);
        }

        builder.AddUserSecrets(typeof(CliConfiguration).Assembly, optional: true, reloadOnChange: false);
        builder.AddEnvironmentVariables("RAGAPP_");
        var overrides = new Dictionary<string, string?>();
        if (FindOption(args, "--index") is { } index)
        {
            overrides["Index:Path"] = index;
        }
        else if (args.Count > 0 && string.Equals(args[0], "eval", StringComparison.Ordinal))
        {
            overrides["Index:Path"] = Path.Combine(Path.GetTempPath(), "ragapp-eval-" + Guid.NewGuid().ToString("N")[..12]);
            overrides[TemporaryIndexKey] = "true";
        }

        if (FindOption(args, "--quantization") is { } quantization)
        {
            if (!OnnxEmbeddingGenerator.Quantizations.Contains(quantization))
            {
                throw new UsageException($"--quantization: '{quantization}' is not {string.Join(" or ", OnnxEmbeddingGenerator.Quantizations)}");
            }

            overrides["Embeddings:Quantization"] = quantization;
        }

        builder.AddInMemoryCollection(overrides);
        var configuration = builder.Build();
        if (configuration["Index:Path"] is { Length: > 0 } indexPath && File.Exists(indexPath))
        {
            throw new UsageException($"the index folder '{Path.GetFullPath(indexPath)}' is a file; give --index a folder");
        }

        return configuration;
    }

    /// <summary>The value of <paramref name="name"/> (<c>--name VALUE</c> or <c>--name=VALUE</c>), or null.</summary>
    private static string? FindOption(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (string.Equals(args[i], name, StringComparison.Ordinal) && i + 1 < args.Count)
            {
                return args[i + 1];
            }

            if (args[i].StartsWith(name + "=", StringComparison.Ordinal))
            {
                return args[i][(name.Length + 1)..];
            }
        }

        return null;
    }
}
