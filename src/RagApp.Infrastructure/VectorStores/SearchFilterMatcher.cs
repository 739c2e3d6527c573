using System.Text;
using System.Text.RegularExpressions;
using RagApp.Core.Retrieval;

namespace RagApp.Infrastructure.VectorStores;

/// <summary>
/// Evaluates a <see cref="SearchFilter"/> in memory. Globs: <c>*</c> matches within one path segment, <c>**</c>
/// across segments (<c>**/</c> also matches no folder), <c>?</c> one character; <c>\</c> counts as <c>/</c> and case
/// is ignored. A glob without <c>/</c> also matches the file name alone, so <c>*.pdf</c> finds PDFs in sub-folders.
/// </summary>
public sealed class SearchFilterMatcher
{
    private static readonly TimeSpan s_regexTimeout = TimeSpan.FromSeconds(1);

    private readonly Regex? _sourceRegex;
    private readonly bool _matchFileName;
    private readonly HashSet<string>? _fileTypes;
    private readonly string? _exactSource;
    private readonly bool _matchesNothing;

    public SearchFilterMatcher(SearchFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (!string.IsNullOrEmpty(filter.SourceGlob))
        {
            var glob = filter.SourceGlob.Replace('\\', '/');
            _sourceRegex = GlobToRegex(glob);
            _matchFileName = !glob.Contains('/', StringComparison.Ordinal);
        }

        if (filter.FileTypes is { Count: > 0 } types)
        {
            _fileTypes = new HashSet<string>(types.Select(NormalizeFileType), StringComparer.OrdinalIgnoreCase);
        }
    }

    private SearchFilterMatcher(string? exactSource, string? fileType, bool matchesNothing)
    {
        _exactSource = exactSource;
        _fileTypes = fileType is null ? null : new HashSet<string>([NormalizeFileType(fileType)], StringComparer.OrdinalIgnoreCase);
        _matchesNothing = matchesNothing;
    }

    /// <summary>A matcher for one exact source and/or file type (null: any); <paramref name="matchesNothing"/> rejects everything.</summary>
    public static SearchFilterMatcher Exact(string? source, string? fileType, bool matchesNothing = false) => new(source, fileType, matchesNothing);

    /// <summary>True when <paramref name="source"/> passes the glob (always when there is none).</summary>
    public bool MatchesSource(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (_matchesNothing)
        {
            return false;
        }

        if (_exactSource is not null)
        {
            return string.Equals(source, _exactSource, StringComparison.Ordinal);
        }

        if (_sourceRegex is null)
        {
            return true;
        }

        var path = source.Replace('\\', '/');
        if (_sourceRegex.IsMatch(path))
        {
            return true;
        }

        return _matchFileName && _sourceRegex.IsMatch(path[(path.LastIndexOf('/') + 1)..]);
    }

    /// <summary>True when <paramref name="fileType"/> is one of the filter's types (always when there are none).</summary>
    public bool MatchesFileType(string fileType) => !_matchesNothing && (_fileTypes is null || _fileTypes.Contains(NormalizeFileType(fileType)));

    /// <summary>True when both the source and the file type pass.</summary>
    public bool Matches(string source, string fileType) => MatchesFileType(fileType) && MatchesSource(source);

    /// <summary>Translates a glob into an anchored, case-insensitive regular expression.</summary>
    public static Regex GlobToRegex(string glob)
    {
        ArgumentNullException.ThrowIfNull(glob);
        var pattern = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                var slashFollows = i + 2 < glob.Length && glob[i + 2] == '/';
                pattern.Append(slashFollows ? "(?:.*/)?" : ".*");
                i += slashFollows ? 2 : 1;
            }
            else if (c == '*')
            {
                pattern.Append("[^/]*");
            }
            else if (c == '?')
            {
                pattern.Append("[^/]");
            }
            else
            {
                pattern.Append(Regex.Escape(c.ToString()));
            }
        }

        pattern.Append('$');
        return new Regex(
            pattern.ToString(),
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline,
            s_regexTimeout);
    }

    private static string NormalizeFileType(string fileType) => fileType.Trim().TrimStart('.').ToLowerInvariant();
}
