using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntimeGenAI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using OllamaSharp;
using RagApp.Core.Chat;
using RagApp.Core.Options;

namespace RagApp.Infrastructure.ChatModels;

/// <summary>
/// Creates the chat client of <c>Chat:Provider</c> on first use: Semantic Kernel's OpenAI and Azure OpenAI connectors,
/// OllamaSharp's native client, LLamaSharp in process, ONNX Runtime GenAI in process, or none for <c>extractive</c>.
/// Each client is wrapped so that failures become one-line <see cref="ChatProviderException"/>s.
/// </summary>
public sealed class ChatClientFactory : IChatClientSource, IDisposable
{
    private const string DummyApiKey = "not-needed";
    private readonly ChatProviderOptions _options;
    private readonly Lazy<IChatClient?> _client;

    public ChatClientFactory(IOptions<ChatProviderOptions> options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _client = new Lazy<IChatClient?>(() => Create(_options, loggerFactory), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <inheritdoc/>
    public string ProviderName => _options.Provider.ToLowerInvariant();

    /// <inheritdoc/>
    public IChatClient? GetChatClient() => _client.Value;

    /// <summary>
    /// A new chat client for <paramref name="options"/>, or null for <c>extractive</c>. An in-process model's own log
    /// (llama.cpp's) goes to <paramref name="loggerFactory"/> (category <c>llama.cpp</c>), or nowhere without one.
    /// </summary>
    /// <exception cref="ChatProviderException">A setting is missing or wrong; the message names it.</exception>
    public static IChatClient? Create(ChatProviderOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var translator = new ChatErrorTranslator(options);
        IChatClient? client;
        try
        {
            client = options.Provider.ToLowerInvariant() switch
            {
                "extractive" => null,
                "openai" => CreateOpenAI(options),
                "azure-openai" => CreateAzureOpenAI(options),
                "ollama" => CreateOllama(options),
                "llama" => LlamaChatClientFactory.Create(options, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("llama.cpp")),
                "onnx" => CreateOnnx(options),
                _ => throw new ChatProviderException(
                    $"Chat:Provider '{options.Provider}' is not one of extractive, openai, azure-openai, ollama, llama, onnx."),
            };
        }
        catch (Exception ex) when (ex is not ChatProviderException and not OperationCanceledException)
        {
            throw translator.Translate(ex);
        }

        var overHttp = options.Provider.ToLowerInvariant() is "openai" or "azure-openai" or "ollama";
        return client is null ? null : new ResilientChatClient(client, translator, TimeSpan.FromSeconds(options.TimeoutSeconds), streamsEndWithFinishReason: overHttp);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value?.Dispose();
        }
    }

    internal static string RequireModelPath(ChatProviderOptions options, bool mustBeFile)
    {
        if (string.IsNullOrWhiteSpace(options.ModelPath))
        {
            throw new ChatProviderException($"Chat:ModelPath is required for Chat:Provider {options.Provider}.");
        }

        var path = Path.GetFullPath(options.ModelPath);
        return (mustBeFile, File.Exists(path), Directory.Exists(path)) switch
        {
            (true, true, _) or (false, _, true) => path,
            (true, _, true) => throw new ChatProviderException($"Chat:ModelPath {path} is a folder; Chat:Provider {options.Provider} needs a model file (.gguf)."),
            (false, true, _) => throw new ChatProviderException($"Chat:ModelPath {path} is a file; Chat:Provider {options.Provider} needs a model folder."),
            _ => throw new ChatProviderException($"Chat:ModelPath {path} not found."),
        };
    }

    private static IChatClient CreateOpenAI(ChatProviderOptions options)
    {
        var model = RequireModel(options);
        var builder = Kernel.CreateBuilder();
        if (string.IsNullOrWhiteSpace(options.Endpoint))
        {
            var key = string.IsNullOrWhiteSpace(options.ApiKey)
                ? throw new ChatProviderException("Chat:ApiKey (RAGAPP_Chat__ApiKey) is required for api.openai.com; or set Chat:Endpoint to a compatible server.")
                : options.ApiKey;
            builder.AddOpenAIChatCompletion(model, key, httpClient: CreateHttpClient(options));
        }
        else
        {
            // Local compatible servers (Ollama /v1, vLLM, LM Studio, llama.cpp) ignore the key, but the SDK wants one.
            var key = string.IsNullOrWhiteSpace(options.ApiKey) ? DummyApiKey : options.ApiKey;
            builder.AddOpenAIChatCompletion(model, RequireEndpoint(options), key, httpClient: CreateHttpClient(options));
        }

        return builder.Build().GetRequiredService<IChatCompletionService>().AsChatClient();
    }

    private static IChatClient CreateAzureOpenAI(ChatProviderOptions options)
    {
        var model = RequireModel(options);
        var endpoint = RequireEndpoint(options);
        var key = string.IsNullOrWhiteSpace(options.ApiKey)
            ? throw new ChatProviderException("Chat:ApiKey (RAGAPP_Chat__ApiKey) is required for Chat:Provider azure-openai.")
            : options.ApiKey;
        var kernel = Kernel.CreateBuilder()
            .AddAzureOpenAIChatCompletion(deploymentName: model, endpoint: endpoint.ToString(), apiKey: key, httpClient: CreateHttpClient(options))
            .Build();
        return kernel.GetRequiredService<IChatCompletionService>().AsChatClient();
    }

    private static IChatClient CreateOllama(ChatProviderOptions options)
    {
        var model = RequireModel(options);
        var endpoint = string.IsNullOrWhiteSpace(options.Endpoint) ? new Uri("http://localhost:11434") : RequireEndpoint(options);
        var http = CreateHttpClient(options);
        http.BaseAddress = endpoint;
        return new OllamaApiClient(http, model);
    }

    private static IChatClient CreateOnnx(ChatProviderOptions options)
    {
        var folder = RequireModelPath(options, mustBeFile: false);
        if (!File.Exists(Path.Combine(folder, "genai_config.json")))
        {
            throw new ChatProviderException($"Chat:ModelPath {folder} is not an ONNX Runtime GenAI model folder (no genai_config.json).");
        }

        return new OnnxRuntimeGenAIChatClient(folder);
    }

    private static string RequireModel(ChatProviderOptions options) =>
        string.IsNullOrWhiteSpace(options.Model)
            ? throw new ChatProviderException($"Chat:Model is required for Chat:Provider {options.Provider}.")
            : options.Model;

    private static Uri RequireEndpoint(ChatProviderOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Endpoint))
        {
            throw new ChatProviderException($"Chat:Endpoint is required for Chat:Provider {options.Provider}.");
        }

        return Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ChatProviderException($"Chat:Endpoint '{options.Endpoint}' is not an http(s) URL.");
    }

    // The resilient wrapper enforces Chat:TimeoutSeconds per call and per pause in a stream; the HttpClient's own
    // timeout is a backstop a little later.
    private static HttpClient CreateHttpClient(ChatProviderOptions options) =>
        new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(Math.Min(options.TimeoutSeconds, 15)) })
        {
            Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds + 5),
        };
}
