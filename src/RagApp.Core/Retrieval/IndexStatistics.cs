namespace RagApp.Core.Retrieval;

/// <summary>What a store holds, for <c>ragapp status</c>.</summary>
/// <param name="Documents">Documents stored.</param>
/// <param name="Chunks">Chunks stored.</param>
/// <param name="Store">Store description, e.g. <c>sqlite (/path/index.db)</c> or <c>postgres 16.4</c>.</param>
/// <param name="Fingerprint">The encoder fingerprint recorded in the index, or null when it is empty.</param>
public sealed record IndexStatistics(long Documents, long Chunks, string Store, string? Fingerprint);
