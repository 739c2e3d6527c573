namespace RagApp.Infrastructure.ChatModels;

/// <summary>What went wrong with a chat call, as far as the exception tells.</summary>
/// <param name="StatusCode">HTTP status, when the server answered.</param>
/// <param name="RetryAfter">The server's Retry-After, when it sent one.</param>
/// <param name="Message">The one-line message for the user.</param>
internal sealed record ChatFailure(int? StatusCode, TimeSpan? RetryAfter, string Message)
{
    /// <summary>True for a failure worth retrying after a pause (rate limit).</summary>
    public bool IsRateLimit => StatusCode == 429;
}
