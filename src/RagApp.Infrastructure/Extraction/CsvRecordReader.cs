using System.Text;

namespace RagApp.Infrastructure.Extraction;

/// <summary>Reads RFC 4180 records line by line: quoted fields may hold delimiters, doubled quotes and line breaks.</summary>
internal static class CsvRecordReader
{
    public static async IAsyncEnumerable<List<string>> ReadAsync(
        TextReader reader, char delimiter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pending = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (pending.Length > 0)
            {
                pending.Append('\n');
            }

            pending.Append(line);
            // An odd number of quotes means a quoted field continues on the next line.
            if (pending.ToString().Count(c => c == '"') % 2 == 1)
            {
                continue;
            }

            var record = Parse(pending.ToString(), delimiter);
            pending.Clear();
            if (record.Any(f => f.Length > 0))
            {
                yield return record;
            }
        }

        if (pending.Length > 0)
        {
            yield return Parse(pending.ToString(), delimiter);
        }
    }

    /// <summary>The delimiter (comma, semicolon, tab or pipe) that occurs most often outside quotes in the first line.</summary>
    public static char DetectDelimiter(string firstLine)
    {
        char[] candidates = [',', ';', '\t', '|'];
        return candidates.OrderByDescending(c => Parse(firstLine, c).Count).First();
    }

    public static List<string> Parse(string record, char delimiter)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < record.Length; i++)
        {
            var c = record[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < record.Length && record[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == delimiter)
            {
                fields.Add(field.ToString().Trim());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString().Trim());
        return fields;
    }
}
