namespace RagApp.Infrastructure.VectorStores;

/// <summary>Keeps the <c>k</c> highest-scoring rows seen, in a min-heap on the score.</summary>
internal sealed class TopKHeap(int k)
{
    private readonly PriorityQueue<int, float> _queue = new(k + 1);

    public void Offer(int row, float score)
    {
        if (_queue.Count < k)
        {
            _queue.Enqueue(row, score);
        }
        else if (_queue.TryPeek(out _, out var lowest) && score > lowest)
        {
            _queue.DequeueEnqueue(row, score);
        }
    }

    /// <summary>The kept rows, in no particular order.</summary>
    public IEnumerable<(int Row, float Score)> Items => _queue.UnorderedItems.Select(x => (x.Element, x.Priority));
}
