namespace Wick.Model.Tests;
