using System.ComponentModel.DataAnnotations;

namespace RagApp.Core.Options;

/// <summary>The language model that writes answers.</summary>
public sealed class ChatProviderOptions
{
    public const string SectionName = "Chat";

    /// <summary><c>extractive</c> (default, no LLM), <c>openai</c>, <c>azure-openai</c>, <c>ollama</c>, <c>llama</c> or <c>onnx</c>.</summary>
    [RegularExpression("^(extractive|openai|azure-openai|ollama|llama|onnx)$",
        ErrorMessage = "Chat:Provider must be extractive, openai, azure-openai, ollama, llama or onnx.")]
    public string Provider { get; set; } = "extractive";

    /// <summary>Base URL for <c>openai</c> (any compatible server), <c>azure-openai</c> and <c>ollama</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Model or deployment name.</summary>
    public string? Model { get; set; }

    /// <summary>API key. A secret: environment variable RAGAPP_Chat__ApiKey or user secrets only.</summary>
    public string? ApiKey { get; set; }

    /// <summary>GGUF file (<c>llama</c>) or ONNX Runtime GenAI model folder (<c>onnx</c>).</summary>
    public string? ModelPath { get; set; }

    /// <summary>Most tokens the model may write in one answer. Default 512.</summary>
    [Range(1, 100_000)]
    public int MaxOutputTokens { get; set; } = 512;

    /// <summary>Sampling temperature. Default 0.1.</summary>
    [Range(0, 2)]
    public float Temperature { get; set; } = 0.1f;

    /// <summary>Seconds to wait for a response before giving up. Default 120.</summary>
    [Range(1, 3600)]
    public int TimeoutSeconds { get; set; } = 120;

    /// <summary>Token budget of the conversation history kept in chat. Default 2000.</summary>
    [Range(0, 1_000_000)]
    public int HistoryTokenBudget { get; set; } = 2000;

    /// <summary>Context window (in tokens) of an in-process model (<c>llama</c>). Default 2048.</summary>
    [Range(128, 1_000_000)]
    public int ContextSize { get; set; } = 2048;
}
