using System.Linq.Expressions;
using RagApp.Core.Retrieval;

namespace RagApp.Infrastructure.VectorStores.Sqlite;

/// <summary>
/// Translates VectorData filters over <see cref="ChunkRecord"/> into a <see cref="SearchFilterMatcher"/>. Supported:
/// equality of <see cref="ChunkRecord.Source"/> or <see cref="ChunkRecord.FileType"/> with a value (a literal or a
/// captured variable), either way round, joined with <c>&amp;&amp;</c>; a constant <c>true</c>.
/// </summary>
internal static class SqliteChunkFilterTranslator
{
    public static SearchFilterMatcher? Translate(Expression<Func<ChunkRecord, bool>>? filter)
    {
        if (filter is null)
        {
            return null;
        }

        string? source = null;
        string? fileType = null;
        var contradiction = false;
        Visit(filter.Body, filter.Parameters[0], ref source, ref fileType, ref contradiction, filter);
        return source is null && fileType is null && !contradiction ? null : SearchFilterMatcher.Exact(source, fileType, contradiction);
    }

    private static void Visit(Expression node, ParameterExpression record, ref string? source, ref string? fileType, ref bool contradiction, LambdaExpression filter)
    {
        switch (node)
        {
            case ConstantExpression { Value: true }:
                return;
            case BinaryExpression { NodeType: ExpressionType.AndAlso } and:
                Visit(and.Left, record, ref source, ref fileType, ref contradiction, filter);
                Visit(and.Right, record, ref source, ref fileType, ref contradiction, filter);
                return;
            case BinaryExpression { NodeType: ExpressionType.Equal } equal:
                var (property, value) = Split(equal, record, filter);
                ref var slot = ref property == nameof(ChunkRecord.Source) ? ref source : ref fileType;
                if (slot is not null && !string.Equals(slot, value, StringComparison.Ordinal))
                {
                    contradiction = true;
                }

                slot = value;
                return;
            default:
                throw Unsupported(filter);
        }
    }

    private static (string Property, string Value) Split(BinaryExpression equal, ParameterExpression record, LambdaExpression filter)
    {
        if (IsProperty(equal.Left, record, out var property) && !DependsOn(equal.Right, record))
        {
            return (property, Evaluate(equal.Right, filter));
        }

        if (IsProperty(equal.Right, record, out property) && !DependsOn(equal.Left, record))
        {
            return (property, Evaluate(equal.Left, filter));
        }

        throw Unsupported(filter);
    }

    private static bool IsProperty(Expression expression, ParameterExpression record, out string property)
    {
        property = "";
        if (expression is MemberExpression { Member.Name: var name } member && member.Expression == record
            && name is nameof(ChunkRecord.Source) or nameof(ChunkRecord.FileType))
        {
            property = name;
            return true;
        }

        return false;
    }

    private static bool DependsOn(Expression expression, ParameterExpression record) => new ParameterFinder(record).Finds(expression);

    private static string Evaluate(Expression expression, LambdaExpression filter)
    {
        var value = expression is ConstantExpression constant
            ? constant.Value
            : Expression.Lambda<Func<object?>>(Expression.Convert(expression, typeof(object))).Compile(preferInterpretation: true)();
        return value as string ?? throw Unsupported(filter);
    }

    private static NotSupportedException Unsupported(LambdaExpression filter) => new(
        $"The SQLite chunk collection supports filters of the form r => r.Source == value or r.FileType == value, joined with &&; not {filter}.");

    private sealed class ParameterFinder(ParameterExpression record) : ExpressionVisitor
    {
        private bool _found;

        public bool Finds(Expression expression)
        {
            Visit(expression);
            return _found;
        }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            _found |= node == record;
            return node;
        }
    }
}
