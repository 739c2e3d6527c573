using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using RagApp.Core.Prompts;

namespace RagApp.Infrastructure.ChatModels;

/// <summary>
/// Reads the prompt templates in Semantic Kernel's prompt-directory format (<c>prompts/Rag/&lt;Name&gt;/skprompt.txt</c> and
/// <c>config.json</c>) from <c>Chat:PromptsPath</c>, else from <c>prompts/</c> beside the executable, falling back to the
/// built-in defaults for a template that is absent. Every template is parsed when this is created, so a broken one fails
/// at start with its path and the cause.
/// </summary>
public sealed class SemanticKernelPromptProvider : IPromptProvider
{
    private const string TemplateFile = "skprompt.txt";
    private const string ConfigFile = "config.json";
    private static readonly KernelPromptTemplateFactory s_templateFactory = new();
    private readonly Kernel _kernel = new();
    private readonly Dictionary<string, LoadedPrompt> _prompts;

    public SemanticKernelPromptProvider(IOptions<PromptOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        PromptsDirectory = ResolveDirectory(options.Value.PromptsPath);
        _prompts = PromptNames.All.ToDictionary(name => name, name => Load(PromptsDirectory, name), StringComparer.Ordinal);
    }

    /// <summary>The folder templates are read from (it may not exist; then all are built-in).</summary>
    public string PromptsDirectory { get; }

    /// <summary>The templates, by name, for building kernel functions.</summary>
    internal IReadOnlyDictionary<string, LoadedPrompt> Prompts => _prompts;

    /// <inheritdoc/>
    public async Task<RenderedPrompt> RenderAsync(string name, IReadOnlyDictionary<string, string> variables, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(variables);
        if (!_prompts.TryGetValue(name, out var prompt))
        {
            throw new PromptTemplateException(Path.Combine(PromptsDirectory, PromptNames.Plugin, name), "no such prompt template.");
        }

        var arguments = new KernelArguments();
        foreach (var (key, value) in variables)
        {
            arguments[key] = value;
        }

        var rendered = await prompt.Template.RenderAsync(_kernel, arguments, cancellationToken);
        var settings = prompt.Config.DefaultExecutionSettings?.ExtensionData;
        return new RenderedPrompt(
            PromptMessageParser.Parse(rendered),
            ReadNumber(settings, "max_tokens") is { } maxTokens ? (int)maxTokens : null,
            ReadNumber(settings, "temperature") is { } temperature ? (float)temperature : null);
    }

    /// <summary>Reads and parses one template.</summary>
    internal static LoadedPrompt Load(string promptsDirectory, string name)
    {
        var folder = Path.Combine(promptsDirectory, PromptNames.Plugin, name);
        var templatePath = Path.Combine(folder, TemplateFile);
        var configPath = Path.Combine(folder, ConfigFile);
        string template, configJson, origin;
        if (File.Exists(templatePath))
        {
            template = File.ReadAllText(templatePath);
            configJson = File.Exists(configPath) ? File.ReadAllText(configPath) : "{}";
            origin = folder;
        }
        else
        {
            (template, configJson) = DefaultPrompts.Get(name) ?? throw new PromptTemplateException(templatePath, "not found and there is no built-in default.");
            (templatePath, configPath, origin) = ($"built-in {name}/{TemplateFile}", $"built-in {name}/{ConfigFile}", "built-in");
        }

        PromptTemplateConfig config;
        try
        {
            config = PromptTemplateConfig.FromJson(configJson);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or NotSupportedException or InvalidOperationException)
        {
            throw new PromptTemplateException(configPath, $"invalid config.json: {OneLine(ex.Message)}", ex);
        }

        CheckTemplate(name, template, templatePath);
        config.Name ??= name;
        config.Template = template;
        try
        {
            return new LoadedPrompt(name, origin, config, s_templateFactory.Create(config));
        }
        catch (Exception ex) when (ex is KernelException or ArgumentException or FormatException)
        {
            throw new PromptTemplateException(templatePath, $"template syntax error: {OneLine(ex.Message)}", ex);
        }
    }

    // Semantic Kernel renders an unclosed block as plain text and a missing variable as nothing; both would silently
    // send the model a prompt without its sources, so they are errors here.
    private static void CheckTemplate(string name, string template, string path)
    {
        var open = template.IndexOf("{{", StringComparison.Ordinal);
        while (open >= 0)
        {
            var close = template.IndexOf("}}", open + 2, StringComparison.Ordinal);
            var next = template.IndexOf("{{", open + 2, StringComparison.Ordinal);
            if (close < 0 || (next >= 0 && next < close))
            {
                var line = template.AsSpan(0, open).Count('\n') + 1;
                throw new PromptTemplateException(path, $"template syntax error: '{{{{' on line {line} is never closed with '}}}}'.");
            }

            open = next;
        }

        string[] required = name == PromptNames.GroundedAnswer ? [PromptNames.Sources, PromptNames.Question] : [PromptNames.Question];
        foreach (var variable in required)
        {
            if (!template.Contains("{{$" + variable + "}}", StringComparison.Ordinal))
            {
                throw new PromptTemplateException(path, $"the template must use {{{{${variable}}}}}.");
            }
        }
    }

    private static string ResolveDirectory(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return Path.Combine(AppContext.BaseDirectory, "prompts");
        }

        var full = Path.GetFullPath(configured);
        return Directory.Exists(full)
            ? full
            : throw new PromptTemplateException(full, "Chat:PromptsPath folder not found.");
    }

    private static double? ReadNumber(IDictionary<string, object>? settings, string key)
    {
        if (settings is null || !settings.TryGetValue(key, out var value))
        {
            return null;
        }

        return value switch
        {
            JsonElement { ValueKind: JsonValueKind.Number } json => json.GetDouble(),
            JsonElement { ValueKind: JsonValueKind.String } json when double.TryParse(json.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            IConvertible convertible => convertible.ToDouble(CultureInfo.InvariantCulture),
            _ => null,
        };
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
