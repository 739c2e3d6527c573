using System.Text;
using RagApp.Core.Documents;
using RagApp.Infrastructure.Extraction;
using Xunit;

namespace RagApp.Infrastructure.Tests.Extraction;

public sealed class HtmlExtractorTests
{
    private const string Page = """
        <!DOCTYPE html>
        <html><head><title>Starter FAQ</title><style>p { color: red }</style><script>var menu = 1;</script></head>
        <body>
          <header>Site banner</header>
          <nav><a href="/">Home</a> <a href="/faq">FAQ</a></nav>
          <main>
            <article>
              <header><h1>Starter questions</h1></header>
              <p>Answers to   common
                 questions.</p>
              <h2>Feeding</h2>
              <p>Feed every <b>12 hours</b>.<br>Use a 1:5:5 ratio.</p>
              <ul><li>Flour</li><li>Water</li></ul>
              <h3>Table</h3>
              <table><tr><th>Ratio</th><th>Use</th></tr><tr><td>1:5:5</td><td>daily</td></tr></table>
              <aside>Related posts</aside>
            </article>
          </main>
          <footer>Copyright</footer>
        </body></html>
        """;

    private static Task<ExtractedDocument> ExtractAsync(string html, string path = "faq.html") =>
        new HtmlExtractor().ExtractAsync(new MemoryStream(Encoding.UTF8.GetBytes(html)), path, TestContext.Current.CancellationToken);

    [Fact]
    public async Task ExtractAsync_Page_KeepsMainContentWithHeadingPaths()
    {
        var document = await ExtractAsync(Page);

        Assert.Equal("Starter FAQ", document.Title);
        Assert.Equal(
            [
                ("Starter questions", true, "Starter questions"),
                ("Answers to common questions.", false, "Starter questions"),
                ("Feeding", true, "Starter questions > Feeding"),
                ("Feed every 12 hours.\nUse a 1:5:5 ratio.", false, "Starter questions > Feeding"),
                ("- Flour", false, "Starter questions > Feeding"),
                ("- Water", false, "Starter questions > Feeding"),
                ("Table", true, "Starter questions > Feeding > Table"),
                ("Ratio | Use\n1:5:5 | daily", false, "Starter questions > Feeding > Table"),
            ],
            document.Sections.Select(s => (s.Text, s.IsHeading, string.Join(" > ", s.HeadingPath))));
    }

    [Fact]
    public async Task ExtractAsync_BodyWithoutMain_DropsBoilerplate()
    {
        var document = await ExtractAsync("<html><body><nav>Menu</nav><header>Banner</header><p>Only this.</p><script>x()</script><footer>Foot</footer></body></html>");

        Assert.Equal("Only this.", Assert.Single(document.Sections).Text);
        Assert.Equal("faq", document.Title);
    }
}
