using System.Text;
using System.Text.RegularExpressions;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace RagApp.Infrastructure.Extraction;

/// <summary>Renders Markdig blocks and inlines as readable plain text: lists as "- item", tables as "cell | cell" rows.</summary>
internal static partial class MarkdownBlockText
{
    public static string Render(Block block)
    {
        var builder = new StringBuilder();
        Append(builder, block, indent: string.Empty);
        return builder.ToString().Trim();
    }

    public static string Inline(ContainerInline? container)
    {
        var builder = new StringBuilder();
        AppendInline(builder, container);
        return builder.ToString().Trim();
    }

    private static void Append(StringBuilder builder, Block block, string indent)
    {
        switch (block)
        {
            case Table table:
                foreach (var row in table.OfType<TableRow>())
                {
                    var cells = row.OfType<TableCell>().Select(c => string.Join(' ', c.Select(Render)).Trim());
                    builder.Append(indent).AppendJoin(" | ", cells).Append('\n');
                }

                break;
            case ListBlock list:
                var number = int.TryParse(list.OrderedStart, out var start) ? start : 1;
                foreach (var item in list.OfType<ListItemBlock>())
                {
                    var marker = list.IsOrdered ? $"{number++}. " : "- ";
                    var first = true;
                    foreach (var child in item)
                    {
                        if (child is ListBlock nested)
                        {
                            Append(builder, nested, indent + "  ");
                            continue;
                        }

                        builder.Append(indent).Append(first ? marker : "  ").Append(Render(child)).Append('\n');
                        first = false;
                    }
                }

                break;
            case HtmlBlock html:
                // Raw HTML inside Markdown: keep the words, not the tags or comments.
                builder.Append(indent).Append(Tags().Replace(html.Lines.ToString(), " ").Trim()).Append('\n');
                break;
            case CodeBlock code:
                builder.Append(code.Lines.ToString()).Append('\n');
                break;
            case LeafBlock leaf when leaf.Inline is not null:
                builder.Append(indent).Append(Inline(leaf.Inline)).Append('\n');
                break;
            case LeafBlock leaf:
                builder.Append(indent).Append(leaf.Lines.ToString()).Append('\n');
                break;
            case ContainerBlock container:
                foreach (var child in container)
                {
                    Append(builder, child, indent);
                    builder.Append('\n');
                }

                break;
        }
    }

    private static void AppendInline(StringBuilder builder, ContainerInline? container)
    {
        if (container is null)
        {
            return;
        }

        foreach (var inline in container)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    builder.Append(literal.Content.ToString());
                    break;
                case CodeInline code:
                    builder.Append(code.Content);
                    break;
                case HtmlEntityInline entity:
                    builder.Append(entity.Transcoded.ToString());
                    break;
                case AutolinkInline autolink:
                    builder.Append(autolink.Url);
                    break;
                case LineBreakInline:
                    builder.Append(' ');
                    break;
                case ContainerInline nested:
                    AppendInline(builder, nested);
                    break;
            }
        }
    }

    [GeneratedRegex(@"<!--.*?-->|<[^>]*>", RegexOptions.Singleline)]
    private static partial Regex Tags();
}
