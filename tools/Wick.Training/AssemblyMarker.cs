namespace Wick.Training;

internal static class AssemblyMarker;
