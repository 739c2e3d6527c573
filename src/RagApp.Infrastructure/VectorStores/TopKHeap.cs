using System.Runtime.CompilerServices;

namespace RagApp.Infrastructure.VectorStores;

/// <summary>Keeps the <c>k</c> highest-scoring rows seen, in a min-heap on the score.</summary>
internal sealed class TopKHeap(int k)
{
    private readonly PriorityQueue<int, float> _queue = new(k + 1);

    /// <summary>The lowest kept score once <c>k</c> rows are kept: most offers end at this one comparison.</summary>
    private float _lowest = float.NegativeInfinity;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Offer(int row, float score)
    {
        if (_queue.Count == k && !(score > _lowest))
        {
            return;
        }

        if (_queue.Count < k)
        {
            _queue.Enqueue(row, score);
        }
        else
        {
            _queue.DequeueEnqueue(row, score);
        }

        if (_queue.Count == k)
        {
            _queue.TryPeek(out _, out _lowest);
        }
    }

    /// <summary>The kept rows, in no particular order.</summary>
    public IEnumerable<(int Row, float Score)> Items => _queue.UnorderedItems.Select(x => (x.Element, x.Priority));
}
