export function App() {
  return <h1>ML Studio</h1>;
}
