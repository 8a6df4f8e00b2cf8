import { Screen } from '../../components/screen';

export default function Placeholder() {
  return <Screen title="Đang xây dựng">Đang xây dựng</Screen>;
}
