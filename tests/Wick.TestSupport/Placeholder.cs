namespace Wick.TestSupport;
