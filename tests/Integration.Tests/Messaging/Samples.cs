namespace WaFunctions.Tests.Messaging;

/// <summary>Files of each kind: the format's first bytes (so they are recognised) and random bytes after.</summary>
internal static class Samples
{
    private static byte[] With(byte[] head, int size)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        head.CopyTo(bytes, 0);
        return bytes;
    }

    public static byte[] Jpeg(int size = 40_000) => With([0xFF, 0xD8, 0xFF, 0xE0], size);
    public static byte[] Png(int size = 30_000) => With([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], size);
    public static byte[] Mp4(int size = 120_000) => With([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6F, 0x6D], size);
    public static byte[] Ogg(int size = 20_000) => With("OggS"u8.ToArray(), size);
    public static byte[] Webp(int size = 10_000) => With([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50], size);
    public static byte[] Pdf(int size = 50_000) => With("%PDF-1.7\n"u8.ToArray(), size);
}
