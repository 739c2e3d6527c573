using Microsoft.Extensions.Options;
using RagApp.Core.Prompts;

namespace RagApp.Infrastructure.ChatModels;

/// <summary>Reads and parses every prompt template when options are validated at start, so a broken one stops the program with its path and cause.</summary>
internal sealed class PromptTemplatesValidator : IValidateOptions<PromptOptions>
{
    public ValidateOptionsResult Validate(string? name, PromptOptions options)
    {
        try
        {
            _ = new SemanticKernelPromptProvider(Options.Create(options));
            return ValidateOptionsResult.Success;
        }
        catch (PromptTemplateException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
