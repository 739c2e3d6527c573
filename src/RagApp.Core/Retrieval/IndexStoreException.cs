namespace RagApp.Core.Retrieval;

/// <summary>
/// The store cannot be used: its server is unreachable, refuses the login, or lacks something the store needs
/// (e.g. the pgvector extension). The message is one line meant for the user and never contains a secret.
/// </summary>
public sealed class IndexStoreException : Exception
{
    public IndexStoreException(string message)
        : base(message)
    {
    }

    public IndexStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
