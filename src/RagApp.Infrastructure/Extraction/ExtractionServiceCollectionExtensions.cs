using Microsoft.Extensions.DependencyInjection;
using RagApp.Core.Documents;

namespace RagApp.Infrastructure.Extraction;

/// <summary>Registers the document extractors and the <see cref="ExtractorSelector"/> that picks among them.</summary>
public static class ExtractionServiceCollectionExtensions
{
    /// <summary>
    /// Adds every extractor as <see cref="IDocumentExtractor"/> (formats recognised by their bytes first, plain text last)
    /// and <see cref="ExtractorSelector"/> as a singleton.
    /// </summary>
    public static IServiceCollection AddDocumentExtractors(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IDocumentExtractor, PdfPigExtractor>();
        services.AddSingleton<IDocumentExtractor, DocxExtractor>();
        services.AddSingleton<IDocumentExtractor, PptxExtractor>();
        services.AddSingleton<IDocumentExtractor, HtmlExtractor>();
        services.AddSingleton<IDocumentExtractor, MarkdownExtractor>();
        services.AddSingleton<IDocumentExtractor, CsvExtractor>();
        services.AddSingleton<IDocumentExtractor, JsonExtractor>();
        services.AddSingleton<IDocumentExtractor, PlainTextExtractor>();
        services.AddSingleton<ExtractorSelector>();
        return services;
    }
}
