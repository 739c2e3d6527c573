using Microsoft.Extensions.DependencyInjection;
using Spectre.Console.Cli;

namespace RagApp.Cli.Hosting;

/// <summary>Resolves Spectre commands from the built service provider, and disposes it at the end of the run.</summary>
public sealed class TypeResolver(ServiceProvider provider) : ITypeResolver, IDisposable
{
    public object? Resolve(Type? type) => type is null ? null : provider.GetService(type);

    public void Dispose() => provider.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
