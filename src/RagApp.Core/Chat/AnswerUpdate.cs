namespace RagApp.Core.Chat;

/// <summary>One step of a streamed answer.</summary>
/// <param name="Kind">What this update carries.</param>
/// <param name="Text">The search query (<see cref="AnswerUpdateKind.SearchQuery"/>) or a piece of the answer (<see cref="AnswerUpdateKind.Text"/>).</param>
/// <param name="Answer">The finished answer (<see cref="AnswerUpdateKind.Completed"/> only).</param>
public sealed record AnswerUpdate(AnswerUpdateKind Kind, string Text, GroundedAnswer? Answer = null);
