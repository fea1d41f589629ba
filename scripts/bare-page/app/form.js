// Every two-letter region code the runtime can name, as the portal lists countries/regions (about 250).
const names = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const regions = [...letters]
  .flatMap((a) => [...letters].map((b) => a + b))
  .flatMap((code) => {
    const name = names.of(code);
    return name && name !== code ? [{ code, name }] : [];
  })
  .sort((a, b) => a.name.localeCompare(b.name));

export function Form() {
  return (
    <main>
      <h1>Create account</h1>
      <form method="post" action="/">
        <label>
          Country/Region
          <select name="country" defaultValue="GB">
            {regions.map((region) => (
              <option key={region.code} value={region.code}>{region.name}</option>
            ))}
          </select>
        </label>
        <label>
          Email <input type="email" name="email" autoComplete="email" required />
        </label>
        <label>
          <input type="checkbox" name="privacy" required /> I accept the privacy policy
        </label>
        <label>
          <input type="checkbox" name="offers" defaultChecked /> Offers and news
        </label>
        <button type="submit">Create account</button>
      </form>
    </main>
  );
}
