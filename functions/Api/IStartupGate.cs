namespace WaFunctions.Api;

/// <summary>Something the app must have finished starting before it serves: storage set up; locally also the Durable worker.</summary>
public interface IStartupGate
{
    bool IsOpen { get; }
}
