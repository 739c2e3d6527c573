namespace RagApp.Core.Chat;

/// <summary>
/// The chat model failed (unreachable, refused the key, unknown model, rate-limited, cut off, ...). The message is one
/// line that names the setting to fix and never holds a secret.
/// </summary>
public sealed class ChatProviderException : Exception
{
    public ChatProviderException(string message)
        : base(message)
    {
    }

    public ChatProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
