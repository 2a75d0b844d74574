using Wick.Hub.Locking;

namespace Wick.Hub;

/// <summary>One lock entry after <c>pull --locked</c>: where its file is, and whether it had to be downloaded.</summary>
public sealed record LockedInstall(ModelLockEntry Entry, string LocalPath, bool Downloaded);
