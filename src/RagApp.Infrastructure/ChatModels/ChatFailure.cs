namespace RagApp.Infrastructure.ChatModels;

/// <summary>What went wrong with a chat call, as far as the exception tells.</summary>
/// <param name="StatusCode">HTTP status, when the server answered.</param>
/// <param name="RetryAfter">The server's Retry-After, when it sent one.</param>
/// <param name="Message">The one-line message for the user.</param>
/// <param name="ConnectionClosedBeforeResponse">
/// The server closed the connection before any response came: the signature of a kept-alive connection that the server
/// had already dropped, which a new connection gets past.
/// </param>
/// <param name="ConnectionClosed">
/// The server closed the connection before the response was complete (true as well when it closed before any response).
/// </param>
internal sealed record ChatFailure(
    int? StatusCode, TimeSpan? RetryAfter, string Message, bool ConnectionClosedBeforeResponse = false, bool ConnectionClosed = false)
{
    /// <summary>True for a failure worth retrying after a pause (rate limit).</summary>
    public bool IsRateLimit => StatusCode == 429;
}
