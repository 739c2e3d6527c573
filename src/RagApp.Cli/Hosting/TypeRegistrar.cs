using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console.Cli;

namespace RagApp.Cli.Hosting;

/// <summary>Lets Spectre.Console.Cli resolve commands from our service collection.</summary>
public sealed class TypeRegistrar(IServiceCollection services) : ITypeRegistrar
{
    public ITypeResolver Build()
    {
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false });

        // We dispatch Spectre commands instead of running a host, so ValidateOnStart must be triggered here.
        provider.GetService<IStartupValidator>()?.Validate();
        return new TypeResolver(provider);
    }

    public void Register(Type service, Type implementation) => services.AddSingleton(service, implementation);

    public void RegisterInstance(Type service, object implementation) => services.AddSingleton(service, implementation);

    public void RegisterLazy(Type service, Func<object> factory) => services.AddSingleton(service, _ => factory());
}
