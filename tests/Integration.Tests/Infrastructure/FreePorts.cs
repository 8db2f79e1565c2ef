using System.Net;
using System.Net.Sockets;

namespace WaFunctions.Tests.Infrastructure;

internal static class FreePorts
{
    /// <summary>Ports the OS reports free right now (all held open together so they are distinct).</summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }
}
