using Microsoft.Extensions.AI;

namespace RagApp.Core.Prompts;

/// <summary>A prompt template filled in: the messages to send and the settings its configuration asks for.</summary>
/// <param name="Messages">System, user (and assistant) messages, in order.</param>
/// <param name="MaxOutputTokens">The template's <c>max_tokens</c>, or null to use <c>Chat:MaxOutputTokens</c>.</param>
/// <param name="Temperature">The template's <c>temperature</c>, or null to use <c>Chat:Temperature</c>.</param>
public sealed record RenderedPrompt(IReadOnlyList<ChatMessage> Messages, int? MaxOutputTokens = null, float? Temperature = null);
