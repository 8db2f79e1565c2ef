using QRCoder;

namespace WaFunctions.Sessions;

/// <summary>Renders the engine's QR text as a PNG (QRCoder's managed PNG writer; no System.Drawing).</summary>
internal static class SessionQr
{
    public const int PixelsPerModule = 8;

    public static byte[] Png(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.L);
        return new PngByteQRCode(data).GetGraphic(PixelsPerModule);
    }
}
