namespace RagApp.Core.Retrieval;

/// <summary>The index was built with another encoder (or a newer schema); the message says how to re-index.</summary>
public sealed class IndexMismatchException(string message) : Exception(message);
