/** Placeholder until the web issue lands: says what is running and where the API is. */
export default function HomePage() {
  return (
    <main style={{ maxWidth: '36rem', margin: '4rem auto', padding: '0 1rem' }}>
      <h1>Vivier</h1>
      <p>The stack is running. The chat interface is being built; the API is available under <code>/api</code>.</p>
    </main>
  );
}
