// Copyright: (c) 2026, officeops maintainers
// GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// An in-memory registry with the members of Microsoft.Win32.RegistryKey that the
// collection's PowerShell calls. PowerShell binds methods by name, so the real code runs
// unchanged against it once the one place that opens a base key
// (Open-OfficeopsRegistryBase) is mocked. It behaves like the real key where the code
// depends on it: case-insensitive names, null for a missing subkey, write refused on a
// key opened read-only, ObjectDisposedException after Dispose, the value kinds .NET infers
// and converts, and a count of open handles so a test can prove every key was closed.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Win32;

namespace OfficeopsTest
{
    public sealed class FakeRegistryNode
    {
        public readonly Dictionary<string, FakeRegistryNode> Keys =
            new Dictionary<string, FakeRegistryNode>(StringComparer.OrdinalIgnoreCase);
        public readonly Dictionary<string, KeyValuePair<RegistryValueKind, object>> Values =
            new Dictionary<string, KeyValuePair<RegistryValueKind, object>>(StringComparer.OrdinalIgnoreCase);
        public readonly Dictionary<string, string> KeyNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public readonly Dictionary<string, string> ValueNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public int OpenHandles;
        public bool Deleted;
    }

    public sealed class FakeRegistryKey : IDisposable
    {
        private readonly FakeRegistryNode node;
        private readonly bool writable;
        private bool disposed;
        private readonly string name;

        private FakeRegistryKey(FakeRegistryNode node, string name, bool writable)
        {
            this.node = node;
            this.name = name;
            this.writable = writable;
            node.OpenHandles++;
        }

        // A new base key, such as HKEY_USERS or HKEY_LOCAL_MACHINE.
        public static FakeRegistryKey NewRoot(string name)
        {
            return new FakeRegistryKey(new FakeRegistryNode(), name, true);
        }

        // Another handle on the same base key (what each OpenBaseKey call returns).
        public FakeRegistryKey Reopen()
        {
            return new FakeRegistryKey(node, name, true);
        }

        public string Name { get { Check(); return name; } }
        public FakeRegistryNode Node { get { return node; } }
        public int SubKeyCount { get { Check(); return node.Keys.Count; } }
        public int ValueCount { get { Check(); return node.Values.Count; } }

        // Handles still open on this key and every key below it.
        public int OpenHandleCount()
        {
            return Count(node) - (disposed ? 0 : 1);
        }

        private static int Count(FakeRegistryNode start)
        {
            int total = start.OpenHandles;
            foreach (FakeRegistryNode child in start.Keys.Values)
                total += Count(child);
            return total;
        }

        private void Check()
        {
            if (disposed)
                throw new ObjectDisposedException("RegistryKey", "Cannot access a closed registry key.");
            if (node.Deleted)
                throw new InvalidOperationException("Illegal operation attempted on a registry key that has been marked for deletion.");
        }

        private void CheckWritable()
        {
            Check();
            if (!writable)
                throw new UnauthorizedAccessException("Cannot write to the registry key.");
        }

        private static string[] Parts(string path)
        {
            if (path == null)
                throw new ArgumentNullException("name");
            return path.Split(new[] { '\\' }, StringSplitOptions.RemoveEmptyEntries);
        }

        private FakeRegistryNode Walk(string path)
        {
            FakeRegistryNode current = node;
            foreach (string part in Parts(path))
            {
                if (!current.Keys.TryGetValue(part, out current))
                    return null;
            }
            return current;
        }

        private string Child(string path)
        {
            return name + "\\" + string.Join("\\", Parts(path));
        }

        public FakeRegistryKey OpenSubKey(string path) { return OpenSubKey(path, false); }

        public FakeRegistryKey OpenSubKey(string path, bool writable)
        {
            Check();
            FakeRegistryNode found = Walk(path);
            return found == null ? null : new FakeRegistryKey(found, Child(path), writable);
        }

        public FakeRegistryKey CreateSubKey(string path) { return CreateSubKey(path, true); }

        public FakeRegistryKey CreateSubKey(string path, bool writable)
        {
            CheckWritable();
            FakeRegistryNode current = node;
            foreach (string part in Parts(path))
            {
                FakeRegistryNode next;
                if (!current.Keys.TryGetValue(part, out next))
                {
                    next = new FakeRegistryNode();
                    current.Keys[part] = next;
                    current.KeyNames[part] = part;
                }
                current = next;
            }
            return new FakeRegistryKey(current, Child(path), writable);
        }

        public string[] GetSubKeyNames() { Check(); return node.KeyNames.Values.ToArray(); }

        public string[] GetValueNames() { Check(); return node.ValueNames.Values.ToArray(); }

        public object GetValue(string valueName) { return GetValue(valueName, null, RegistryValueOptions.None); }

        public object GetValue(string valueName, object defaultValue) { return GetValue(valueName, defaultValue, RegistryValueOptions.None); }

        public object GetValue(string valueName, object defaultValue, RegistryValueOptions options)
        {
            Check();
            KeyValuePair<RegistryValueKind, object> value;
            if (!node.Values.TryGetValue(valueName ?? "", out value))
                return defaultValue;
            if (value.Key == RegistryValueKind.ExpandString && (options & RegistryValueOptions.DoNotExpandEnvironmentNames) == 0)
                return Environment.ExpandEnvironmentVariables((string)value.Value);
            object data = value.Value;
            if (data is string[]) return ((string[])data).Clone();
            if (data is byte[]) return ((byte[])data).Clone();
            return data;
        }

        public RegistryValueKind GetValueKind(string valueName)
        {
            Check();
            KeyValuePair<RegistryValueKind, object> value;
            if (!node.Values.TryGetValue(valueName ?? "", out value))
                throw new System.IO.IOException("The system cannot find the file specified.");
            return value.Key;
        }

        public void SetValue(string valueName, object value)
        {
            if (value == null)
                throw new ArgumentNullException("value");
            RegistryValueKind kind = RegistryValueKind.String;
            if (value is int) kind = RegistryValueKind.DWord;
            else if (value is string[]) kind = RegistryValueKind.MultiString;
            else if (value is byte[]) kind = RegistryValueKind.Binary;
            SetValue(valueName, value, kind);
        }

        public void SetValue(string valueName, object value, RegistryValueKind kind)
        {
            CheckWritable();
            if (value == null)
                throw new ArgumentNullException("value");
            object stored;
            try
            {
                switch (kind)
                {
                    case RegistryValueKind.DWord: stored = Convert.ToInt32(value, CultureInfo.InvariantCulture); break;
                    case RegistryValueKind.QWord: stored = Convert.ToInt64(value, CultureInfo.InvariantCulture); break;
                    case RegistryValueKind.String:
                    case RegistryValueKind.ExpandString: stored = value.ToString(); break;
                    case RegistryValueKind.MultiString: stored = ((string[])value).Clone(); break;
                    case RegistryValueKind.Binary: stored = ((byte[])value).Clone(); break;
                    default: throw new ArgumentException("The specified RegistryValueKind is an invalid value.");
                }
            }
            catch (Exception exc)
            {
                if (exc is OverflowException || exc is InvalidCastException || exc is FormatException)
                    throw new ArgumentException("The type of the value object did not match the specified RegistryValueKind or the object could not be properly converted.");
                throw;
            }
            string key = valueName ?? "";
            node.Values[key] = new KeyValuePair<RegistryValueKind, object>(kind, stored);
            if (!node.ValueNames.ContainsKey(key))
                node.ValueNames[key] = key;
        }

        public void DeleteValue(string valueName) { DeleteValue(valueName, true); }

        public void DeleteValue(string valueName, bool throwOnMissingValue)
        {
            CheckWritable();
            string key = valueName ?? "";
            if (!node.Values.Remove(key))
            {
                if (throwOnMissingValue)
                    throw new ArgumentException("No value exists with that name.");
                return;
            }
            node.ValueNames.Remove(key);
        }

        public void DeleteSubKeyTree(string subkey) { DeleteSubKeyTree(subkey, true); }

        public void DeleteSubKeyTree(string subkey, bool throwOnMissingSubKey)
        {
            CheckWritable();
            string[] parts = Parts(subkey);
            if (parts.Length == 0)
                throw new ArgumentException("Cannot delete a registry hive's subtree.");
            FakeRegistryNode parent = Walk(string.Join("\\", parts.Take(parts.Length - 1)));
            FakeRegistryNode target = null;
            if (parent == null || !parent.Keys.TryGetValue(parts[parts.Length - 1], out target))
            {
                if (throwOnMissingSubKey)
                    throw new ArgumentException("Cannot delete a subkey tree because the subkey does not exist.");
                return;
            }
            MarkDeleted(target);
            parent.Keys.Remove(parts[parts.Length - 1]);
            parent.KeyNames.Remove(parts[parts.Length - 1]);
        }

        public void DeleteSubKey(string subkey) { DeleteSubKey(subkey, true); }

        public void DeleteSubKey(string subkey, bool throwOnMissingSubKey)
        {
            FakeRegistryNode target = Walk(subkey);
            if (target != null && target.Keys.Count > 0)
                throw new InvalidOperationException("Registry key has subkeys and recursive removes are not supported by this method.");
            DeleteSubKeyTree(subkey, throwOnMissingSubKey);
        }

        private static void MarkDeleted(FakeRegistryNode target)
        {
            target.Deleted = true;
            foreach (FakeRegistryNode child in target.Keys.Values)
                MarkDeleted(child);
        }

        // What loading a hive file under this base key does: the hive's keys appear as a subkey.
        public void Attach(string keyName, FakeRegistryNode hive)
        {
            node.Keys[keyName] = hive;
            node.KeyNames[keyName] = keyName;
        }

        // What RegUnLoadKey does: 0 when unloaded, 87 (ERROR_INVALID_PARAMETER) when no hive
        // is there, 5 (ERROR_ACCESS_DENIED) while a handle below it is still open.
        public int Detach(string keyName)
        {
            FakeRegistryNode hive;
            if (!node.Keys.TryGetValue(keyName, out hive))
                return 87;
            if (Count(hive) > 0)
                return 5;
            node.Keys.Remove(keyName);
            node.KeyNames.Remove(keyName);
            return 0;
        }

        public void Flush() { Check(); }

        public void Close() { Dispose(); }

        public void Dispose()
        {
            if (!disposed)
            {
                disposed = true;
                node.OpenHandles--;
            }
        }

        public override string ToString() { return name; }
    }
}
