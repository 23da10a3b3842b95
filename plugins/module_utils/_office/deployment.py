# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Office reinstall through the Office Deployment Tool (flowchart step 6, opt-in).

Source: Microsoft Learn, "Overview of the Office Deployment Tool" and "Configuration options
for the Office Deployment Tool" (learn.microsoft.com/microsoft-365-apps/deploy/): the ODT is
``setup.exe`` plus a configuration XML whose root is ``<Configuration>``; ``<Add>`` with
``<Product ID=...>`` children installs, ``<Remove All="TRUE"/>`` removes every Click-to-Run
product, ``<Display Level="None" AcceptEULA="TRUE"/>`` makes it silent and
``<Property Name="FORCEAPPSHUTDOWN" Value="TRUE"/>`` lets it close running Office programs.
``setup.exe /configure <xml>`` applies the file.

The XML is judged here, on the controller, and the wrapper writes exactly the text judged
here into a folder only administrators can write before setup.exe reads it, so a file the
operator named on the target cannot change between the check and the run.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

MAX_CONFIGURATION_BYTES = 1024 * 1024
CONFIGURATION_FILE = "configuration.xml"
_TARGET_PATH = re.compile(r"^(?:[A-Za-z]:\\|\\\\)[^*?\"<>|%\r\n]+$")


def is_inline(configuration):
    """A configuration given as XML text, not as a path: no Windows path starts with '<'."""
    return configuration.lstrip("\ufeff \t\r\n").startswith("<")


def check_target_path(option, value, extension, echo=True):
    """Refuse anything but an absolute Windows path ending in ``extension``. ``echo=False``
    keeps the value out of the message (a configuration may be XML holding a product key)."""
    if not isinstance(value, str) or not _TARGET_PATH.match(value) or ".." in value.split("\\") \
            or not value.lower().endswith(extension):
        got = ("got %r" % (value,)) if echo else "got something else (not shown: it may hold a product key)"
        raise ValueError("%s: expected the absolute path of a %s file on the target, %s" % (option, extension, got))


def _truthy(value):
    return (value or "").strip().upper() in ("TRUE", "1")


def check_configuration(text, force_app_shutdown=False, accept_office_removal=False):
    """Judge an ODT configuration; returns ``{"xml": text to write, "warnings", "removes"}``
    or raises ValueError naming the ``configuration`` option.

    With ``force_app_shutdown`` the FORCEAPPSHUTDOWN property is set to TRUE (added when
    missing), as the option promises for the repair too.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError("configuration: expected the ODT configuration XML (or its path on the target), got nothing")
    if len(text.encode("utf-8")) > MAX_CONFIGURATION_BYTES:
        raise ValueError("configuration: expected an ODT configuration under %d bytes" % MAX_CONFIGURATION_BYTES)
    # No ODT file needs a DTD; refusing it rules out entity expansion tricks in the parser.
    if re.search(r"<!(DOCTYPE|ENTITY)", text, re.IGNORECASE):
        raise ValueError("configuration: a DOCTYPE or ENTITY declaration is not allowed in an ODT configuration")
    try:
        root = ElementTree.fromstring(text.lstrip("\ufeff"))
    except ElementTree.ParseError as exc:
        raise ValueError("configuration: not well-formed XML (%s)" % exc)
    if root.tag != "Configuration":
        raise ValueError("configuration: expected <Configuration> as the root element, got <%s>" % root.tag)
    adds = root.findall("Add")
    removes = root.findall("Remove")
    removes_all = any(_truthy(remove.get("All")) for remove in removes)
    warnings = []
    if not adds:
        if not removes:
            raise ValueError("configuration: expected <Configuration> with an <Add> element naming the products to install")
        if not accept_office_removal:
            raise ValueError("configuration: it has <Remove%s> and no <Add>, so it only uninstalls Office; set "
                             "accept_office_removal=true to mean it" % (' All="TRUE"' if removes_all else ""))
        warnings.append("this configuration removes Office and installs nothing")
    for add in adds:
        if not [product for product in add.findall("Product") if product.get("ID")]:
            raise ValueError("configuration: expected each <Add> to hold at least one <Product ID=...>")
    if adds and removes:
        warnings.append("this configuration removes %s before it installs; Office is missing until setup.exe finishes"
                        % ("every Click-to-Run product" if removes_all else "products"))
    display = root.find("Display")
    if display is None or (display.get("Level") or "").strip().lower() != "none":
        warnings.append('the configuration has no <Display Level="None" AcceptEULA="TRUE"/>; setup.exe may wait for '
                        "a user who never sees its window, until the timeout")
    if force_app_shutdown:
        forced = [prop for prop in root.findall("Property") if (prop.get("Name") or "").upper() == "FORCEAPPSHUTDOWN"]
        if not forced or not all(_truthy(prop.get("Value")) for prop in forced):
            for prop in forced:
                root.remove(prop)
            ElementTree.SubElement(root, "Property", {"Name": "FORCEAPPSHUTDOWN", "Value": "TRUE"})
            text = ElementTree.tostring(root, encoding="unicode")
    return {"xml": text, "warnings": warnings, "removes": bool(removes)}


def command_line(work_folder):
    """setup.exe's arguments: the private copy of the configuration in ``work_folder``."""
    return '/configure "%s\\%s"' % (work_folder.rstrip("\\"), CONFIGURATION_FILE)


# A configuration file on the target comes back from the probe with each PIDKEY value (a
# product key) replaced by HIDDEN_KEY_TOKEN % n, n counting from 0 in document order; the
# wrapper puts the values back, from the same file (same SHA-256), only when it writes the
# copy setup.exe reads. So the key never travels in a probe's output, which connection
# plugins print raw at high verbosity (psrp at -vvvvv). _OfficeDeployment.psm1 does the same.
# The patterns are ASCII-only on purpose (letters spelled out, no (?i), no \d, no \b): .NET's
# case-insensitive matching follows the host's culture (Turkish I), and .NET and Python
# disagree on which Unicode characters are word characters.
HIDDEN_KEY_TOKEN = "officeops-hidden-pidkey-%d"
_PIDKEY = r"(?<![A-Za-z0-9_])[Pp][Ii][Dd][Kk][Ee][Yy]"
# A quoted value stops at < or >, so an unmatched quote (in a comment, say) cannot swallow
# the text up to the next attribute's quote.
PRODUCT_KEY_ATTRIBUTE = re.compile(r"""(%s[ \t\r\n]*=[ \t\r\n]*)(?:"([^"<>]*)"|'([^'<>]*)')""" % _PIDKEY)
# Any PIDKEY the hiding left that is not an attribute holding a whole token (a comment, an
# element or property named PIDKEY, an encoded '='): the text is then not returned at all.
# (The lookahead holds the blanks too: outside it, a shorter run of blanks would let it pass.)
# (The tokens themselves hold "pidkey": the second look-behind passes over them.)
UNHIDDEN_KEY = re.compile(r"""(?<!officeops-hidden-)%s(?![ \t\r\n]*=[ \t\r\n]*"officeops-hidden-pidkey-[0-9]{1,9}")"""
                          % _PIDKEY)
# A DTD could spell a PIDKEY attribute through an entity; no ODT configuration has one.
_DECLARATION = re.compile(r"<![Dd][Oo][Cc][Tt][Yy][Pp][Ee]|<![Ee][Nn][Tt][Ii][Tt][Yy]")
HIDDEN_KEY = re.compile(r"officeops-hidden-pidkey-([0-9]{1,9})")
PRODUCT_KEY = re.compile(r"[A-Za-z0-9-]{1,64}")
# What a captured value may be and still be hidden (anything else may hold a swallowed key).
_HIDEABLE_VALUE = re.compile(r"[A-Za-z0-9-]{0,64}")
_NOT_HIDDEN = ("it mentions PIDKEY other than as a quoted product key attribute, which this module cannot keep on the "
               "target; fix the file (<Product ... PIDKEY=\"XXXXX-XXXXX-XXXXX-XXXXX-XXXXX\">, no other PIDKEY)")


def hide_product_keys(text):
    """``text`` with each PIDKEY value replaced by its token; ValueError (failing closed:
    the caller returns no text) when a key might be left: a PIDKEY= without a token after
    hiding, a captured value that is not a product key, or a NUL (UTF-16 read as UTF-8)."""
    if "\x00" in text:
        raise ValueError("it holds NUL characters (UTF-16 without a byte order mark?); save it as UTF-8")
    if _DECLARATION.search(text):
        raise ValueError("a DOCTYPE or ENTITY declaration is not allowed in an ODT configuration")
    count = [0]

    def token(match):
        value = match.group(2) if match.group(2) is not None else match.group(3)
        if not _HIDEABLE_VALUE.fullmatch(value):
            raise ValueError(_NOT_HIDDEN)
        count[0] += 1
        return '%s"%s"' % (match.group(1), HIDDEN_KEY_TOKEN % (count[0] - 1))
    hidden = PRODUCT_KEY_ATTRIBUTE.sub(token, text)
    if UNHIDDEN_KEY.search(hidden):
        raise ValueError(_NOT_HIDDEN)
    return hidden


def restore_product_keys(xml, original):
    """``xml`` with each token replaced by that PIDKEY value of ``original`` (the file's
    text); ValueError when a token has no value or a value is not a product key."""
    values = [match.group(2) if match.group(2) is not None else match.group(3)
              for match in PRODUCT_KEY_ATTRIBUTE.finditer(original)]

    def value(match):
        index = int(match.group(1))
        if index >= len(values):
            raise ValueError("the configuration names product key %d, which the file does not have" % index)
        if not PRODUCT_KEY.fullmatch(values[index]):
            raise ValueError("PIDKEY %d of the configuration file is not a product key" % index)
        return values[index]
    return HIDDEN_KEY.sub(value, xml)


def plan_reinstall(options, probe):
    """``{"run": op fields or None, "failure", "warnings", "note"}`` for an ODT reinstall.

    ``probe["odt"]``: ``setup`` (exists, sha256, created, writable_by_others, path),
    ``configuration`` (when the option is a path: exists, content with its product keys
    hidden, sha256 of the file, error),
    ``work_folder`` (where the wrapper writes the configuration).
    """
    result = {"run": None, "failure": None, "warnings": [], "note": None}
    odt = probe.get("odt")
    if odt is None:
        result["failure"] = "the wrapper did not report the Office Deployment Tool; is the module up to date?"
        return result
    setup = odt["setup"]
    if not setup["exists"]:
        result["failure"] = "odt_path: %s was not found on the target; put the Office Deployment Tool's setup.exe there" % options.odt_path
        return result
    if setup["writable_by_others"]:
        result["failure"] = ("odt_path: %s or its folder can be written (or, as owner, re-permissioned) by %s; setup.exe "
                             "runs as administrator, so it must be writable by SYSTEM, Administrators and "
                             "TrustedInstaller only" % (options.odt_path, ", ".join(setup["writable_by_others"])))
        return result
    source = {"configuration_path": "", "configuration_sha256": ""}
    if is_inline(options.configuration):
        text = options.configuration
    else:
        found = odt["configuration"]
        if found is None or not found["exists"]:
            result["failure"] = "configuration: %s was not found on the target" % options.configuration
            return result
        if found["error"]:
            result["failure"] = "configuration: %s could not be read: %s" % (options.configuration, found["error"])
            return result
        text = found["content"]
        # Its product keys are tokens here; the wrapper restores them from this very file.
        source = {"configuration_path": options.configuration, "configuration_sha256": found["sha256"]}
    try:
        checked = check_configuration(text, options.force, options.accept_office_removal)
    except ValueError as exc:
        result["failure"] = str(exc)
        return result
    result["warnings"].extend(checked["warnings"])
    result["warnings"].append("a reinstall through the Office Deployment Tool can remove and reinstall Office; it "
                              "can take an hour and needs the source in the configuration to be reachable")
    result["run"] = dict(source, setup=setup["path"], arguments=command_line(odt["work_folder"]),
                         configuration_xml=checked["xml"])
    return result
