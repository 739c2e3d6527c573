using Microsoft.Extensions.Options;
using RagApp.Core.Chat;
using RagApp.Core.Documents;
using RagApp.Core.Retrieval;
using Spectre.Console.Cli;

namespace RagApp.Cli.Hosting;

/// <summary>Maps every exception that ends a command to one line on standard error and the contract's exit code.</summary>
public static class ErrorReporter
{
    public static int Handle(Exception exception, TextWriter error)
    {
        var (code, message) = Classify(exception);
        if (message is not null)
        {
            error.WriteLine($"error: {OneLine(message)}");
        }

        if (Environment.GetEnvironmentVariable("RAGAPP_DEBUG") is "1" or "true")
        {
            error.WriteLine(exception.ToString());
        }

        return code;
    }

    private static (int Code, string? Message) Classify(Exception exception) => exception switch
    {
        OperationCanceledException => (ExitCodes.Cancelled, "cancelled"),

        // An option value that is not a number ("--top abc"): Spectre's message names a type ("Nullable`1"), not the value.
        CommandRuntimeException { InnerException: ArgumentException { InnerException: FormatException or OverflowException } } conversion
            when System.Text.RegularExpressions.Regex.Match(conversion.Message, "^Failed to convert '(.*)' to") is { Success: true } match =>
            (ExitCodes.Usage, $"'{match.Groups[1].Value}' is not a valid number"),

        // A command whose services failed to build (a broken prompt template): the cause, not Spectre's wrapper.
        CommandRuntimeException { InnerException: { } cause } => Classify(cause),
        UsageException or CommandParseException or CommandRuntimeException or ArgumentException => (ExitCodes.Usage, exception.Message),
        OptionsValidationException validation => (ExitCodes.Fatal, "configuration: " + string.Join("; ", validation.Failures.Select(Unwrapped))),
        IndexMismatchException or IndexCorruptException or IndexStoreException or DocumentExtractionException or ChatProviderException => (ExitCodes.Fatal, exception.Message),
        AggregateException { InnerExceptions.Count: 1 } aggregate => Classify(aggregate.InnerExceptions[0]),
        _ when exception.InnerException is OptionsValidationException inner => Classify(inner),
        _ => (ExitCodes.Fatal, exception.Message),
    };

    /// <summary>
    /// The message a data annotation gave when it names its key itself ("Embeddings:Quantization must be ..."), without the
    /// wrapper that names the options class; other failures as they are, wrapper included, since it says which section.
    /// </summary>
    private static string Unwrapped(string failure)
    {
        const string marker = " with the error: '";
        var start = failure.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0 || !failure.EndsWith("'.", StringComparison.Ordinal))
        {
            return failure;
        }

        var message = failure[(start + marker.Length)..^2];
        return message.Contains(':', StringComparison.Ordinal) ? message : failure;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
