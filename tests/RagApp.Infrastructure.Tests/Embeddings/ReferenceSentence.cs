namespace RagApp.Infrastructure.Tests.Embeddings;

internal sealed record ReferenceSentence(string Text, int[] TokenIds, float[] Embedding);
